/**
 * Whether a key press belongs to what has focus rather than to the page's shortcuts: text fields, selects,
 * editable content and anything inside an open dialog. A checkbox is not typing (arrows move between rows).
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'checkbox') return false;
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    Boolean(el.closest('dialog[open]'))
  );
}
