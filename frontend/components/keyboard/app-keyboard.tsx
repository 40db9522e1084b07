'use client';

import { useRouter } from 'next/navigation';
import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { Command } from '@/lib/keyboard/commands';
import {
  isSingleCharacterKey,
  singleKeyShortcutsOn,
  subscribeSingleKeyShortcuts,
  writeSingleKeyShortcuts,
} from '@/lib/keyboard/single-key';
import { isTypingTarget } from '@/lib/keyboard/targets';

const CommandPalette = lazy(() => import('./command-palette').then((m) => ({ default: m.CommandPalette })));
const ShortcutsDialog = lazy(() =>
  import('@/components/tasks/shortcuts-dialog').then((m) => ({ default: m.ShortcutsDialog })),
);

/** What the board lends the app-wide keys while it is on screen. */
export interface BoardCommands {
  focusQuickAdd: () => void;
  focusSearch: () => void;
}

interface AppKeyboardApi {
  showHelp: () => void;
  /** The board registers itself while mounted (and unregisters with null). */
  registerBoard: (board: BoardCommands | null) => void;
}

const AppKeyboardContext = createContext<AppKeyboardApi>({ showHelp: () => {}, registerBoard: () => {} });

export function useAppKeyboard(): AppKeyboardApi {
  return useContext(AppKeyboardContext);
}

/** Whether single-key shortcuts are on (the Settings choice), following changes in this and other tabs. */
export function useSingleKeyShortcuts(): boolean {
  return useSyncExternalStore(subscribeSingleKeyShortcuts, singleKeyShortcutsOn, () => true);
}

type Layer = 'palette' | 'help' | null;
type BoardIntent = 'quick-add' | 'search';

/**
 * The keys that work on every app page: `n` (to the board's quick add), `?` (the shortcuts), Ctrl/Cmd+K (the
 * command palette). Owns those two dialogs and gives focus back to whatever opened them.
 */
export function AppKeyboard({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const singleKeys = useSingleKeyShortcuts();
  const [layer, setLayer] = useState<Layer>(null);
  const layerRef = useRef<Layer>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const board = useRef<BoardCommands | null>(null);
  // What to do on the board once it is there, when `n` or a palette command came from another page.
  const pending = useRef<BoardIntent | null>(null);

  const openLayer = useCallback((next: Exclude<Layer, null>) => {
    if (!layerRef.current && !returnTo.current) {
      const active = document.activeElement;
      returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
    }
    layerRef.current = next;
    setLayer(next);
  }, []);

  const closeLayer = useCallback((then?: () => void) => {
    layerRef.current = null;
    setLayer(null);
    requestAnimationFrame(() => {
      if (then) then();
      // A command that opened another dialog keeps the place to come back to; otherwise focus goes back now.
      if (layerRef.current) return;
      const back = returnTo.current;
      returnTo.current = null;
      if (!then && back?.isConnected) back.focus();
    });
  }, []);

  const toBoard = useCallback(
    (intent: BoardIntent) => {
      const b = board.current;
      if (b) return intent === 'quick-add' ? b.focusQuickAdd() : b.focusSearch();
      pending.current = intent;
      router.push('/tasks');
    },
    [router],
  );

  const registerBoard = useCallback((b: BoardCommands | null) => {
    board.current = b;
    const intent = pending.current;
    if (!b || !intent) return;
    pending.current = null;
    requestAnimationFrame(() => (intent === 'quick-add' ? b.focusQuickAdd() : b.focusSearch()));
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (layerRef.current !== 'palette') openLayer('palette');
        return;
      }
      if (isTypingTarget(e.target) || !isSingleCharacterKey(e) || !singleKeyShortcutsOn()) return;
      if (e.key === 'n') {
        e.preventDefault();
        toBoard('quick-add');
      } else if (e.key === '?') {
        e.preventDefault();
        openLayer('help');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openLayer, toBoard]);

  const commands = useMemo<Command[]>(
    () => [
      { id: 'new', label: 'New task', keywords: 'add create', keys: ['n'], run: () => toBoard('quick-add') },
      {
        id: 'search',
        label: 'Search tasks',
        keywords: 'find filter',
        keys: ['/'],
        run: () => toBoard('search'),
      },
      { id: 'tasks', label: 'Go to Tasks', keywords: 'board list home', run: () => router.push('/tasks') },
      {
        id: 'trash',
        label: 'Go to Trash',
        keywords: 'deleted restore bin',
        run: () => router.push('/trash'),
      },
      {
        id: 'settings',
        label: 'Go to Settings',
        keywords: 'tokens preferences',
        run: () => router.push('/settings'),
      },
      {
        id: 'help',
        label: 'Show keyboard shortcuts',
        keywords: 'help keys',
        keys: ['?'],
        run: () => openLayer('help'),
      },
      {
        id: 'single-keys',
        label: singleKeys ? 'Turn off single-key shortcuts' : 'Turn on single-key shortcuts',
        keywords: 'accessibility speech letters',
        run: () => writeSingleKeyShortcuts(!singleKeys),
      },
      {
        id: 'notifications',
        label: 'Jump to notifications',
        keywords: 'toasts undo messages',
        keys: ['F6'],
        run: () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F6', cancelable: true })),
      },
    ],
    [router, toBoard, openLayer, singleKeys],
  );

  const api = useMemo(
    () => ({ showHelp: () => openLayer('help'), registerBoard }),
    [openLayer, registerBoard],
  );

  return (
    <AppKeyboardContext.Provider value={api}>
      {children}
      {layer === 'palette' ? (
        <Suspense fallback={null}>
          <CommandPalette commands={commands} onClose={(c) => closeLayer(c?.run)} />
        </Suspense>
      ) : null}
      {layer === 'help' ? (
        <Suspense fallback={null}>
          <ShortcutsDialog open singleKeys={singleKeys} onClose={() => closeLayer()} />
        </Suspense>
      ) : null}
    </AppKeyboardContext.Provider>
  );
}
