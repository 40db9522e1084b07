/**
 * Whether single-key shortcuts (n, /, j, k, x, e, ?) are on. WCAG 2.1.4 asks that shortcuts made of one
 * character key can be turned off: speech-input users "type" letters by talking, and a stray word would act
 * on their tasks. Kept per browser (it is about the device and its input, not the account).
 */
export const SINGLE_KEY_STORAGE_KEY = 'todo.singleKeyShortcuts';

const listeners = new Set<() => void>();

export function readSingleKeyShortcuts(
  storage: Pick<Storage, 'getItem'> | undefined = safeStorage(),
): boolean {
  try {
    return storage?.getItem(SINGLE_KEY_STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function writeSingleKeyShortcuts(on: boolean, storage: Storage | undefined = safeStorage()): void {
  try {
    if (on) storage?.removeItem(SINGLE_KEY_STORAGE_KEY);
    else storage?.setItem(SINGLE_KEY_STORAGE_KEY, 'off');
  } catch {
    // Storage can be refused (private mode, quota): the choice then lasts for this page only.
    memoryOff = !on;
  }
  for (const l of listeners) l();
}

let memoryOff = false;

/** For useSyncExternalStore: changes made here and in other tabs (the `storage` event). */
export function subscribeSingleKeyShortcuts(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === SINGLE_KEY_STORAGE_KEY || e.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function singleKeyShortcutsOn(): boolean {
  return !memoryOff && readSingleKeyShortcuts();
}

/**
 * A key press the setting governs: one printable character (a letter, digit, punctuation or symbol) with
 * no Ctrl, Cmd or Alt. Arrows, Enter, Space, Delete, Esc and F-keys are not: they stay on.
 */
export function isSingleCharacterKey(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && e.key.length === 1 && e.key !== ' ';
}

function safeStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
