// English only: the whole package would add every locale's parsers to the web bundle.
import * as chrono from 'chrono-node/en';
import {
  normaliseTag,
  TAG_MAX_LENGTH,
  TITLE_COUNTER_FROM,
  TITLE_MAX_LENGTH,
  validateTitle,
} from './rules.js';
import { addDays, instantOf, isTimeZone, offsetMinutes, type WallTime, wallTimeOf } from './time-zone.js';

export type Priority = 'low' | 'medium' | 'high';
/** The repeat periods the API can store; quick add never produces anything else. */
export type Recurrence = 'daily' | 'weekly' | 'monthly';

export interface QuickAddTask {
  title: string;
  tags: string[];
  priority: Priority;
  /** RFC 3339 in UTC, or null when no date was typed. */
  dueAt: string | null;
  recurrence: Recurrence | null;
}

export type QuickAddTokenKind = 'tag' | 'priority' | 'due' | 'repeat' | 'project' | 'section';

/** A recognised piece of the text: [start, end) in the typed string. */
export interface QuickAddToken {
  kind: QuickAddTokenKind;
  start: number;
  end: number;
  text: string;
}

export interface QuickAddOptions {
  /** The reference instant for "tomorrow", "in 3 days"…; defaults to the current time. */
  now?: Date;
  /** IANA time zone the words are meant in; defaults to UTC. */
  timeZone?: string;
  /** Token texts the person turned back into plain words (compared case-insensitively). */
  literal?: readonly string[];
  /**
   * Also read `+Project` and `/Section` (the first of each), as names for the caller to resolve: off unless asked,
   * so a caller that cannot file a task into a project never takes those words out of its title.
   */
  places?: boolean;
}

/** Where the words say the task goes, as typed (without `+` and `/`); null when they do not say. */
export interface QuickAddPlace {
  project: string | null;
  section: string | null;
}

export interface QuickAddParse {
  task: QuickAddTask;
  tokens: QuickAddToken[];
  place: QuickAddPlace;
}

export interface QuickAddCheck extends QuickAddParse {
  /** Why the text cannot be added as it is: no title once the tokens are out, or a title over the limit. */
  error?: string;
  /** "183/200" once the title is near the limit, else undefined. */
  counter?: string;
}

export const EMPTY_TITLE =
  'Say what needs doing as well: once the date, repetition, #tags and !priority are taken out, no title is left.';

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
// Only what the API can store: "every weekday", "every year", "every 2 weeks" stay words (see the phrase table).
const EVERY =
  /\bevery\s+(day|week|month|(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day)?|(?:wednes|satur)day)\b/gi;
// chrono's casual times whose hour is meant even though it reports none as known ("tonight" is 22:00).
const CASUAL_TIME = /^casualReference\/(tonight|morning|afternoon|evening|noon|midnight)$/;
// A word chrono took as part of the date that reads as a connective once the date is gone ("… for Friday").
const CONNECTIVE = /(?:^|\s)(on|at|by|due|for|before|from)\s+$/i;
const DEFAULT_HOUR = 9;
// "+Work", "/Next-week": one word right after the sign, at most 120 characters like a name. A project starts with a
// letter ("+1" is a count); a section with a letter or digit ("/2026"); "a/b", "/" and "//" stay words.
const PROJECT_WORD = /^\+[\p{L}][^\s+]{0,119}$/u;
const SECTION_WORD = /^\/[\p{L}\p{N}][^\s/]{0,119}$/u;
const DANGLING = ',;:–-';
// What the API stores (and RFC 3339 writes): years 0001 to 9999 in UTC.
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const isStorable = (time: number) => time >= EARLIEST && time <= LATEST;

/**
 * Quick-add shorthand: "Pay rent every month #home !high tomorrow 9am" → title "Pay rent", tag home, priority
 * high, due tomorrow 09:00 in the given time zone, repeating monthly. Tokens can come in any order; words that
 * only look like dates ("Call May", "Read 1984", "March of the penguins") stay in the title.
 */
export function parseQuickAdd(input: string, options: QuickAddOptions = {}): QuickAddParse {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const literal = new Set((options.literal ?? []).map((t) => t.trim().toLocaleLowerCase()));
  const isLiteral = (text: string) => literal.has(text.trim().toLocaleLowerCase());

  const tokens: QuickAddToken[] = [];
  const tags: string[] = [];
  const place: QuickAddPlace = { project: null, section: null };
  let priority: Priority = 'medium';
  for (const m of input.matchAll(/\S+/g)) {
    const word = m[0];
    if (isLiteral(word)) continue;
    const bang = /^!(high|medium|low|h|m|l)$/i.exec(word);
    const token = { start: m.index, end: m.index + word.length, text: word };
    if (options.places && place.project === null && PROJECT_WORD.test(word)) {
      place.project = word.slice(1);
      tokens.push({ kind: 'project', ...token });
    } else if (options.places && place.section === null && SECTION_WORD.test(word)) {
      place.section = word.slice(1);
      tokens.push({ kind: 'section', ...token });
    } else if (bang) {
      const p = bang[1]!.toLowerCase();
      priority = p.startsWith('h') ? 'high' : p.startsWith('l') ? 'low' : 'medium';
      tokens.push({ kind: 'priority', ...token });
    } else if (/^#[^\s#]+$/.test(word) && normaliseTag(word).length <= TAG_MAX_LENGTH) {
      // Measured once lower-cased: "İ" becomes two characters, and the API refuses a tag over 32.
      const tag = normaliseTag(word);
      if (!tags.includes(tag)) tags.push(tag);
      tokens.push({ kind: 'tag', ...token });
    }
  }

  let recurrence: Recurrence | null = null;
  let repeatWeekday: number | undefined;
  for (const m of input.matchAll(EVERY)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isLiteral(m[0]) || overlaps(tokens, start, end)) continue;
    const unit = m[1]!.toLowerCase();
    if (unit === 'day') recurrence = 'daily';
    else if (unit === 'month') recurrence = 'monthly';
    else {
      recurrence = 'weekly';
      if (unit !== 'week') repeatWeekday = WEEKDAY_NAMES.indexOf(unit.slice(0, 3));
    }
    tokens.push({ kind: 'repeat', start, end, text: m[0] });
    break;
  }

  const today = wallTimeOf(now, timeZone);
  const masked = maskTokens(input, tokens);
  // The web app parses on every render, mostly an empty field: no need to wake chrono for blanks.
  const results = !masked.trim()
    ? []
    : chrono.parse(masked, { instant: now, timezone: offsetMinutes(now, timeZone) }, { forwardDate: true });
  let found: chrono.ParsedResult | undefined;
  let due: Date | null = null;
  for (const r of results) {
    // "every weekday", "every year": a repeat the API cannot store stays words, and so does its date-like part.
    if (isLiteral(r.text) || !meansADate(r) || /\bevery\s+$/i.test(masked.slice(0, r.index))) continue;
    // "in 9999999 weeks", "99999999 days ago": a date the API cannot store (or no date at all) stays words, like
    // the numbers chrono itself will not read; checked before placing it, which would throw on an invalid date.
    if (!isStorable(r.start.date().getTime())) continue;
    const placed = dueOf(r, today, now, timeZone, repeatWeekday);
    if (!isStorable(placed.getTime())) continue;
    found = r;
    due = placed;
    break;
  }

  if (found) {
    let start = found.index;
    const before = CONNECTIVE.exec(masked.slice(0, start));
    if (before) start -= before[0].trimStart().length;
    const end = found.index + found.text.length;
    tokens.push({ kind: 'due', start, end, text: input.slice(start, end) });
  } else if (recurrence) {
    // A repeat with no date starts at its next occurrence: the weekday named, else the next 09:00.
    due = startOfRepeat(today, timeZone, repeatWeekday, { hour: DEFAULT_HOUR, minute: 0 });
  }

  tokens.sort((a, b) => a.start - b.start);
  return {
    task: {
      title: titleWithout(input, tokens),
      tags,
      priority,
      dueAt: due ? due.toISOString() : null,
      recurrence,
    },
    tokens,
    place,
  };
}

/** Parses, then measures the title without its tokens, so a long title never loses them. */
export function checkQuickAdd(input: string, options: QuickAddOptions = {}): QuickAddCheck {
  const parsed = parseQuickAdd(input, options);
  const length = parsed.task.title.length;
  const counter = length >= TITLE_COUNTER_FROM ? `${length}/${TITLE_MAX_LENGTH}` : undefined;
  const error = !input.trim()
    ? undefined
    : length === 0
      ? EMPTY_TITLE
      : length > TITLE_MAX_LENGTH
        ? validateTitle(parsed.task.title)
        : undefined;
  return { ...parsed, error, counter };
}

function overlaps(tokens: QuickAddToken[], start: number, end: number): boolean {
  return tokens.some((t) => t.start < end && start < t.end);
}

/** The input with each token's characters turned into spaces; one pass, however many tokens (a pasted list of tags). */
function maskTokens(input: string, tokens: QuickAddToken[]): string {
  let out = '';
  let at = 0;
  for (const t of [...tokens].sort((a, b) => a.start - b.start)) {
    if (t.end <= at) continue;
    const start = Math.max(t.start, at);
    out += input.slice(at, start) + ' '.repeat(t.end - start);
    at = t.end;
  }
  return out + input.slice(at);
}

function titleWithout(input: string, tokens: QuickAddToken[]): string {
  const title = maskTokens(input, tokens).replace(/\s+/g, ' ').trim();
  // Separators left dangling at the end go ("Call mom, tomorrow"). A loop, not a regex anchored at the end: that
  // one retries from every position of a long run of dashes, so its cost grows with the square of the length.
  let end = title.length;
  while (end > 0 && DANGLING.includes(title[end - 1]!)) end--;
  return end === title.length ? title : title.slice(0, end).trim();
}

/**
 * Whether a chrono match is a date someone meant: a day, a weekday, a relative date or a time of day. A month
 * alone ("March of the penguins"), a bare hour ("at 10 Downing Street") and "now" are words, not dates.
 */
function meansADate(r: chrono.ParsedResult): boolean {
  const tags = [...r.start.tags()];
  if (tags.includes('casualReference/now')) return false;
  if (/^(at\s+)?\d{1,2}$/i.test(r.text.trim())) return false;
  if (tags.some((t) => t === 'result/relativeDate' || t.startsWith('casualReference/'))) return true;
  return r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('hour');
}

function dueOf(
  r: chrono.ParsedResult,
  today: WallTime,
  now: Date,
  timeZone: string,
  repeatWeekday: number | undefined,
): Date {
  const s = r.start;
  // "in 2 hours": an exact instant, to the minute.
  if (s.isCertain('timezoneOffset')) return new Date(Math.floor(s.date().getTime() / 60_000) * 60_000);
  const timed = s.isCertain('hour') || [...s.tags()].some((t) => CASUAL_TIME.test(t));
  const time = timed
    ? { hour: s.get('hour') ?? DEFAULT_HOUR, minute: s.get('minute') ?? 0 }
    : { hour: DEFAULT_HOUR, minute: 0 };
  // Weekdays and bare times are placed here rather than by chrono, so that "Friday" on a Friday is today and a
  // time equal to now is tomorrow on every path (chrono's own rule depends on its implied noon).
  const weekday = s.isCertain('day') ? undefined : s.isCertain('weekday') ? s.get('weekday')! : repeatWeekday;
  // "last friday" is the one before today (forwardDate would have chrono move it on to the next one).
  if (weekday !== undefined && s.isCertain('weekday') && /^(?:last|past|previous)\s/i.test(r.text.trim())) {
    const back = (today.weekday - weekday + 7) % 7 || 7;
    return instantOf({ ...addDays(today, -back), ...time }, timeZone);
  }
  const timeOnly = !s.isCertain('day') && !s.isCertain('weekday') && s.isCertain('hour');
  if (weekday !== undefined && timed) return startOfRepeat(today, timeZone, weekday, time);
  if (timeOnly) return startOfRepeat(today, timeZone, undefined, time);
  let date = { year: s.get('year')!, month: s.get('month')!, day: s.get('day')! };
  if (weekday !== undefined) date = addDays(today, (weekday - today.weekday + 7) % 7);
  if (s.isCertain('day') && s.isCertain('month') && !s.isCertain('year')) {
    // "Dec 24" on Dec 24 is today, not next year (chrono moves it on once its implied noon has passed).
    const passed = date.month < today.month || (date.month === today.month && date.day < today.day);
    date = { ...date, year: today.year + (passed ? 1 : 0) };
  }
  const months = monthsAhead(r.text);
  if (months !== undefined) {
    // chrono lets Jan 31 + 1 month run over into March; a month later is the same day or that month's last.
    const first = new Date(Date.UTC(today.year, today.month - 1 + months, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    date = { year: first.getUTCFullYear(), month: first.getUTCMonth() + 1, day: Math.min(today.day, last) };
  }
  const isToday = date.year === today.year && date.month === today.month && date.day === today.day;
  // A date without a time is due at 09:00; "today" once 09:00 has passed is due 23:59 rather than born overdue.
  if (isToday && !timed && instantOf({ ...date, ...time }, timeZone) <= now) {
    return instantOf({ ...date, hour: 23, minute: 59 }, timeZone);
  }
  return instantOf({ ...date, ...time }, timeZone);
}

const COUNTS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };

function monthsAhead(text: string): number | undefined {
  const m = /^(?:next\s+month|in\s+(\d{1,2}|a|an|one|two|three|four|five|six)\s+months?)$/i.exec(text.trim());
  if (!m) return undefined;
  return m[1] === undefined ? 1 : (COUNTS[m[1].toLowerCase()] ?? Number(m[1]));
}

/** The first occurrence of a repeat: the next such weekday (today if the time is still ahead), or the next such time. */
function startOfRepeat(
  today: WallTime,
  timeZone: string,
  weekday: number | undefined,
  time: { hour: number; minute: number },
): Date {
  const stillAhead = time.hour * 60 + time.minute > today.hour * 60 + today.minute;
  let ahead = weekday === undefined ? 0 : (weekday - today.weekday + 7) % 7;
  if (ahead === 0 && !stillAhead) ahead = weekday === undefined ? 1 : 7;
  return instantOf({ ...addDays(today, ahead), ...time }, timeZone);
}
