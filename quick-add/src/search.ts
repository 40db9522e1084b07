/** At most this many words in one search: each is a condition of its own. */
export const MAX_SEARCH_WORDS = 8;

export interface SearchWord {
  /** `#home` searches the tag `home`; other words search title and description. */
  tag: boolean;
  text: string;
}

/**
 * The words of a search `q`, each of which a task must match (in any order): split at white space, repeated words
 * once; `#word` is one of the tags, exactly as stored (like the API's `tag` filter). The one definition of search:
 * the API's list query (REST and MCP) and the web client, for tasks that arrive live, both use it.
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

/** Whether a task matches every word of a search, as the API's `q` does (case-insensitive, `#word` exactly). */
export function matchesSearch(
  task: { title: string; description: string | null; tags: readonly string[] },
  words: readonly SearchWord[],
): boolean {
  const title = task.title.toLocaleLowerCase();
  const description = (task.description ?? '').toLocaleLowerCase();
  return words.every((word) => {
    if (word.tag) return task.tags.includes(word.text);
    const needle = word.text.toLocaleLowerCase();
    return title.includes(needle) || description.includes(needle);
  });
}
