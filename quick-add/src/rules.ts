// The title and tag rules, without the date parser: what pages that only validate a title need.

/** The API's limit on a title. */
export const TITLE_MAX_LENGTH = 200;
/** From this length on, title fields show how many characters are used. */
export const TITLE_COUNTER_FROM = 180;
/** The API's limit on one tag. */
export const TAG_MAX_LENGTH = 32;

export function normaliseTag(raw: string): string {
  return raw.trim().replace(/^#/, '').replace(/\s+/g, '-').toLocaleLowerCase();
}

export function validateTitle(title: string): string | undefined {
  const t = title.trim();
  if (!t) return 'Give the task a title.';
  if (t.length > TITLE_MAX_LENGTH)
    return `A title can be up to ${TITLE_MAX_LENGTH} characters; this one has ${t.length}. Shorten it, or put the rest in the notes.`;
  return undefined;
}
