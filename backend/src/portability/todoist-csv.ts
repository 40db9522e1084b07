import { parse } from 'csv-parse/sync';
import { isTimeZone, parseQuickAdd } from '@todo/quick-add';
import { type FieldError, ValidationFailed } from '../common/app-errors.js';
import { MAX_LEVELS } from '../tasks/task-placement.js';
import { checkProject, type PlannedProject, type PlannedTask, type Priority } from './import-plan.js';

/**
 * Todoist's CSV PRIORITY as its template documents it: 1 is p1 (the highest), 4 is p4 (the lowest, Todoist's
 * default). p4 is where every unprioritised task sits, so it lands on this app's default (medium), and p1 and p2
 * on high; the app has nothing below its default that p3 would mean.
 */
export const TODOIST_PRIORITIES: Record<string, Priority> = {
  '1': 'high',
  '2': 'high',
  '3': 'medium',
  '4': 'medium',
};
const MAX_ROWS = 20_000;
const TITLE_MAX = 200;
const NAME_MAX = 120;
const DESCRIPTION_MAX = 10_000;

/**
 * A Todoist project template (TYPE, CONTENT, DESCRIPTION, PRIORITY, INDENT, AUTHOR, RESPONSIBLE, DATE, DATE_LANG,
 * TIMEZONE, …; only TYPE and CONTENT are required) as one project. Rows: `section` starts a section, `task` adds
 * a task (INDENT 2 and deeper makes it a subtask of the task above), `note` (a comment, which this app does not
 * have yet) is appended to the description of the task above; blank and `meta` rows are skipped. DATE is read
 * like quick add reads it (in TIMEZONE when it names one, else UTC) and kept when all of it is understood. A bad
 * row is a 400 naming its line (`line 7`); AUTHOR and RESPONSIBLE are ignored (they name Todoist accounts).
 */
export function todoistProject(csv: string, name: string, now: Date): PlannedProject {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ValidationFailed([
      { path: line ? `line ${line}` : '(body)', message: `is not valid CSV: ${(error as Error).message}` },
    ]);
  }
  const [header, ...rows] = records;
  if (!header)
    throw new ValidationFailed([{ path: 'line 1', message: 'must be the header row (TYPE,CONTENT,…)' }]);
  const column = columnsOf(header.record);
  if (rows.length > MAX_ROWS) {
    throw new ValidationFailed([{ path: '(body)', message: `must have at most ${MAX_ROWS} rows` }]);
  }
  const project: PlannedProject = { name, color: null, isInbox: false, sections: [], tasks: [] };
  const errors: FieldError[] = [];
  // The last task at each indent (index 0 = INDENT 1) under the current section.
  let stack: PlannedTask[] = [];
  let section: string | null = null;
  for (const { record, info } of rows) {
    const line = `line ${info.lines}`;
    const cell = (key: string) => (column[key] === undefined ? '' : (record[column[key]] ?? '').trim());
    const fail = (message: string) => errors.push({ path: line, message });
    const type = cell('TYPE').toLowerCase();
    const content = cell('CONTENT');
    if (record.every((value) => value.trim() === '') || type === 'meta') continue;
    if (type === 'section') {
      if (!content || content.length > NAME_MAX) fail(`needs a section name of 1 to ${NAME_MAX} characters`);
      section = `section-${project.sections.length}`;
      project.sections.push({ key: section, name: content.slice(0, NAME_MAX) });
      stack = [];
    } else if (type === 'note') {
      const task = stack.at(-1);
      if (!task) fail('is a note with no task above it');
      else if (content) task.description = [task.description, content].filter(Boolean).join('\n\n');
    } else if (type === 'task') {
      const priority = cell('PRIORITY') ? TODOIST_PRIORITIES[cell('PRIORITY')] : 'medium';
      const indent = cell('INDENT') ? Number(cell('INDENT')) : 1;
      if (!content || content.length > TITLE_MAX) fail(`needs CONTENT of 1 to ${TITLE_MAX} characters`);
      else if (!priority) fail('has a PRIORITY other than 1, 2, 3 or 4');
      else if (!Number.isInteger(indent) || indent < 1 || indent > MAX_LEVELS) {
        fail(`has an INDENT other than 1 to ${MAX_LEVELS}`);
      } else if (indent > stack.length + 1) {
        fail(`has INDENT ${indent} with no task at INDENT ${indent - 1} above it`);
      } else {
        const due = dueOf(cell('DATE'), cell('TIMEZONE'), now);
        const task: PlannedTask = {
          key: `task-${project.tasks.length}`,
          sectionKey: section,
          parentKey: indent > 1 ? stack[indent - 2]!.key : null,
          title: content,
          description: cell('DESCRIPTION') || null,
          completed: false,
          completedAt: null,
          priority,
          tags: [],
          dueAt: due.dueAt,
          remindAt: null,
          recurrence: due.recurrence,
          createdAt: null,
        };
        project.tasks.push(task);
        stack = [...stack.slice(0, indent - 1), task];
      }
    } else {
      fail(`has TYPE "${cell('TYPE')}"; it must be task, section or note`);
    }
    if (errors.length >= 20) break;
  }
  const tooLong = project.tasks.findIndex((task) => (task.description?.length ?? 0) > DESCRIPTION_MAX);
  if (tooLong >= 0)
    errors.push({ path: `task ${tooLong + 1}`, message: 'has a description over 10,000 characters' });
  if (errors.length > 0)
    throw new ValidationFailed(errors, 'The CSV is not a Todoist template; see `errors` for each line.');
  checkProject(project, (index) => `task ${index + 1}`);
  return project;
}

function columnsOf(header: string[]): Record<string, number> {
  const column: Record<string, number> = {};
  header.forEach((name, index) => {
    column[name.trim().toUpperCase()] ??= index;
  });
  const missing = ['TYPE', 'CONTENT'].filter((name) => column[name] === undefined);
  if (missing.length > 0) {
    throw new ValidationFailed([
      { path: 'line 1', message: `must be the header row, with the columns ${missing.join(' and ')}` },
    ]);
  }
  return column;
}

/** DATE as quick add reads it; nothing unless every word of it is a date, time or repetition. */
function dueOf(date: string, timeZone: string, now: Date): Pick<PlannedTask, 'dueAt' | 'recurrence'> {
  if (!date) return { dueAt: null, recurrence: null };
  const { task } = parseQuickAdd(date, {
    now,
    timeZone: timeZone && isTimeZone(timeZone) ? timeZone : 'UTC',
  });
  if (task.title.trim() !== '' || task.tags.length > 0) return { dueAt: null, recurrence: null };
  return { dueAt: task.dueAt ? new Date(task.dueAt) : null, recurrence: task.recurrence };
}
