// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useModalSheet } from './use-modal-sheet';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Page({ sheet }: { sheet: boolean }) {
  return (
    <>
      <header data-testid="header">
        <button>Nav</button>
      </header>
      <main>
        <ul data-testid="list" />
        <p aria-live="polite" data-testid="announcer" />
        {sheet ? <Sheet /> : null}
      </main>
      <section data-stays-active data-testid="toasts" />
    </>
  );
}

function Sheet() {
  const ref = useRef<HTMLElement>(null);
  const modal = useModalSheet(ref);
  return <section ref={ref} data-testid="sheet" data-modal={modal} />;
}

const narrow = (matches: boolean) =>
  vi.stubGlobal('matchMedia', () => ({ matches, addEventListener() {}, removeEventListener() {} }));

describe(useModalSheet.name, () => {
  it('makes everything but the sheet, live regions and toasts inert while narrow, and undoes it on close', () => {
    narrow(true);
    const { getByTestId, rerender } = render(<Page sheet />);
    expect(getByTestId('sheet').dataset.modal).toBe('true');
    expect(getByTestId('header').hasAttribute('inert')).toBe(true);
    expect(getByTestId('list').hasAttribute('inert')).toBe(true);
    expect(getByTestId('announcer').hasAttribute('inert')).toBe(false);
    expect(getByTestId('toasts').hasAttribute('inert')).toBe(false);
    expect(getByTestId('sheet').hasAttribute('inert')).toBe(false);
    rerender(<Page sheet={false} />);
    expect(getByTestId('header').hasAttribute('inert')).toBe(false);
    expect(getByTestId('list').hasAttribute('inert')).toBe(false);
  });

  it('leaves the page alone on a wide screen, where the panel sits beside the list', () => {
    narrow(false);
    const { getByTestId } = render(<Page sheet />);
    expect(getByTestId('sheet').dataset.modal).toBe('false');
    expect(getByTestId('header').hasAttribute('inert')).toBe(false);
  });
});
