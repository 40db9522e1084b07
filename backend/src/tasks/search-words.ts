/** At most this many words in one search: each is a condition of its own. */
export const MAX_SEARCH_WORDS = 8;

export interface SearchWord {
  /** `#home` searches the tag `home`; other words search title and description. */
  tag: boolean;
  text: string;
}

/**
 * The words of a search `q`, each of which a task must match (in any order): split at white space, repeated words
 * once; `#word` is one of the tags, exactly as stored (like the `tag` filter). The one definition of search for REST, MCP
 * and the web client (which mirrors it for tasks that arrive live).
 */
export function searchWords(q: string | undefined): SearchWord[] {
  if (!q) return [];
  const seen = new Set<string>();
  const words: SearchWord[] = [];
  for (const raw of q.trim().split(/\s+/)) {
    if (!raw) continue;
    const tag = raw.length > 1 && raw.startsWith('#');
    const text = tag ? raw.slice(1) : raw;
    const key = tag ? `#${text}` : text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    words.push({ tag, text });
  }
  return words;
}
