import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../common/app-errors.js';
import { todoistProject } from './todoist-csv.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const HEADER = 'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE';

const errorsOf = (csv: string) => {
  try {
    todoistProject(csv, 'P', NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return { errors: (error as ValidationFailed).errors };
  }
  throw new Error('expected a 400');
};

describe(todoistProject.name, () => {
  it('reads sections, tasks, subtasks by INDENT, priorities, notes and dates', () => {
    const csv = [
      HEADER,
      'task,"Plan trip, then book",Where to?,1,1,Ada (1),,2026-12-24 10:00,en,Europe/Berlin',
      'task,Book flights,,2,2,,,,,',
      'task,Compare prices,,4,3,,,,,',
      'note,Use the miles,,,,,,,,',
      'task,Pack,,3,1,,,every week,en,',
      '',
      'section,Later,,,,,,,,',
      'task,Unpack,,,1,,,someday maybe,en,',
      'meta,view_style,list,,,,,,,',
    ].join('\r\n');
    const project = todoistProject(csv, 'Trip', NOW);
    expect(project.name).toBe('Trip');
    expect(project.sections).toEqual([{ key: 'section-0', name: 'Later' }]);
    const [plan, book, compare, pack, unpack] = project.tasks;
    expect(plan).toMatchObject({ title: 'Plan trip, then book', description: 'Where to?', priority: 'high' });
    expect(plan!.dueAt!.toISOString()).toBe('2026-12-24T09:00:00.000Z');
    expect(book).toMatchObject({ parentKey: plan!.key, priority: 'high' });
    expect(compare).toMatchObject({ parentKey: book!.key, priority: 'medium', description: 'Use the miles' });
    expect(pack).toMatchObject({
      parentKey: null,
      sectionKey: null,
      recurrence: 'weekly',
      priority: 'medium',
    });
    expect(unpack).toMatchObject({
      sectionKey: 'section-0',
      dueAt: null,
      recurrence: null,
      priority: 'medium',
    });
  });

  it('names the line of each bad row', () => {
    const csv = [
      HEADER,
      'task,Fine,,1,1,,,,,',
      'task,Too deep,,1,3,,,,,',
      'task,Bad priority,,7,1,,,,,',
      'chore,Unknown,,,,,,,,',
      'task,,,,1,,,,,',
    ].join('\n');
    expect(errorsOf(csv)).toMatchObject({
      errors: [
        { path: 'line 3', message: 'has INDENT 3 with no task at INDENT 2 above it' },
        { path: 'line 4', message: 'has a PRIORITY other than 1, 2, 3 or 4' },
        { path: 'line 5', message: expect.stringContaining('TYPE "chore"') },
        { path: 'line 6', message: expect.stringContaining('CONTENT') },
      ],
    });
  });

  it('counts lines of quoted multi-line cells and refuses a file without the header', () => {
    const csv = `${HEADER}\ntask,One,"two\nlines",1,1\ntask,Bad,,x,1\n`;
    expect(errorsOf(csv)).toMatchObject({ errors: [{ path: 'line 4' }] });
    expect(errorsOf('NAME,VALUE\nx,y\n')).toMatchObject({ errors: [{ path: 'line 1' }] });
    expect(errorsOf('TYPE,CONTENT\ntask,"unterminated\n')).toMatchObject({
      errors: [{ path: expect.stringMatching(/^line \d+$/) }],
    });
  });
});
