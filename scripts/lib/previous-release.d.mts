/** The API of commit `ref`, compiled into a private folder; `remove` deletes it. */
export function buildPreviousRelease(ref: string): { dir: string; remove(): void };
