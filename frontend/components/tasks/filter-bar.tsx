'use client';

import { isFiltered, type BoardFilter, type SortKey } from '@/lib/tasks/filters';
import { Icon } from '@/components/ui/icons';

interface Props {
  filter: BoardFilter;
  tags: string[];
  onChange: (f: Partial<BoardFilter>) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
  /** On a phone the controls fold behind one Filter button; always shown on wider screens. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

// `smart` and the API's sort keys (the URL's `sort` means what the API means).
const SORTS: { value: SortKey; label: string }[] = [
  { value: 'smart', label: 'Smart (open, due, newest)' },
  { value: 'dueAt', label: 'Due date' },
  { value: '-priority', label: 'Priority, high first' },
  { value: 'priority', label: 'Priority, low first' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: 'title', label: 'Title A–Z' },
  { value: '-title', label: 'Title Z–A' },
  { value: '-dueAt', label: 'Due date, latest first' },
];

export function FilterBar({ filter, tags, onChange, searchRef, open, onOpenChange }: Props) {
  const inbox = filter.view === 'inbox';
  const active = isFiltered({ ...filter, view: 'inbox' });
  const tab = (value: BoardFilter['status'], label: string) => (
    <button
      type="button"
      aria-pressed={filter.status === value}
      onClick={() => onChange({ status: value })}
      className={`btn min-h-11 px-3 ${filter.status === value ? 'bg-surface font-semibold text-fg shadow-sm ring-2 ring-accent ring-inset' : 'text-muted hover:text-fg'}`}
    >
      {label}
    </button>
  );
  const dueChip = (value: 'overdue' | 'today', label: string) => (
    <button
      type="button"
      aria-pressed={filter.due === value}
      onClick={() => onChange({ due: filter.due === value ? null : value })}
      className={`btn min-h-11 border px-3 ${filter.due === value ? 'border-accent bg-accent-soft text-accent' : 'border-border text-muted hover:text-fg'}`}
    >
      {label}
    </button>
  );

  return (
    <>
      <button
        type="button"
        className={`btn min-h-11 w-full justify-between border px-3 sm:hidden ${active ? 'border-accent text-accent' : 'border-border text-muted'}`}
        aria-expanded={open}
        aria-controls="task-filters"
        onClick={() => onOpenChange(!open)}
      >
        <span className="flex items-center gap-2">
          <Icon name="search" className="h-4 w-4" />
          Filter{active ? ' · on' : ''}
        </span>
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div
        id="task-filters"
        className={`${open ? 'mt-3 flex' : 'hidden'} flex-col gap-3 sm:mt-0 sm:flex`}
        role="search"
        aria-label="Filter tasks"
      >
        <div className="relative">
          <Icon
            name="search"
            className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-muted"
          />
          <label htmlFor="task-search" className="sr-only">
            Search tasks
          </label>
          <input
            ref={searchRef}
            id="task-search"
            type="search"
            className="field pl-9"
            placeholder="Search titles, notes and #tags   ( / )"
            value={filter.q}
            onChange={(e) => onChange({ q: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                onChange({ q: '' });
                e.currentTarget.blur();
              }
            }}
          />
        </div>
        {inbox ? (
          <div className="flex flex-wrap items-center gap-2">
            <div className="flex rounded-xl bg-surface-2 p-1" role="group" aria-label="Status">
              {tab('all', 'All')}
              {tab('active', 'Active')}
              {tab('completed', 'Done')}
            </div>
            {dueChip('overdue', 'Overdue')}
            {dueChip('today', 'Due today')}
          </div>
        ) : null}
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          <div>
            <label htmlFor="filter-priority" className="sr-only">
              Priority
            </label>
            <select
              id="filter-priority"
              className="field"
              value={filter.priority ?? ''}
              onChange={(e) => onChange({ priority: (e.target.value || null) as BoardFilter['priority'] })}
            >
              <option value="">Any priority</option>
              <option value="high">High priority</option>
              <option value="medium">Medium priority</option>
              <option value="low">Low priority</option>
            </select>
          </div>
          <div>
            <label htmlFor="filter-tag" className="sr-only">
              Tag
            </label>
            <select
              id="filter-tag"
              className="field"
              value={filter.tag ?? ''}
              onChange={(e) => onChange({ tag: e.target.value || null })}
            >
              <option value="">Any tag</option>
              {tags.map((t) => (
                <option key={t} value={t}>
                  #{t}
                </option>
              ))}
            </select>
          </div>
          {filter.view === 'upcoming' ? null : (
            <div className="col-span-2 sm:col-span-1">
              <label htmlFor="filter-sort" className="sr-only">
                Sort by
              </label>
              <select
                id="filter-sort"
                className="field"
                value={filter.sort}
                onChange={(e) => onChange({ sort: e.target.value as SortKey })}
              >
                {SORTS.map((s) => (
                  <option key={s.value} value={s.value}>
                    Sort: {s.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      </div>
    </>
  );
}
