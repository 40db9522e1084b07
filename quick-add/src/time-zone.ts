/** Wall-clock time in a named IANA time zone, with no dependency beyond Intl. */
export interface WallTime {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  });
  // Kept under the zone's canonical name only: zone names match in any case, so keeping each spelling sent to the
  // API ("europe/BERLIN", "EUROPE/berlin"…) would grow the cache without end.
  const canonical = f.resolvedOptions().timeZone;
  if (!formatters.has(canonical)) formatters.set(canonical, f);
  return formatters.get(canonical)!;
}

/** How many time zones have a cached formatter: at most one per zone, however the names were spelled. */
export function cachedTimeZoneCount(): number {
  return formatters.size;
}

/** True for a time zone name this runtime knows ("Europe/Berlin", "UTC"); offsets like "+01:00" are not names. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** What a clock in `timeZone` shows at `instant`. */
export function wallTimeOf(instant: Date, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Minutes `timeZone` is ahead of UTC at `instant` (+60 for Berlin in winter). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallTimeOf(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a clock in `timeZone` shows this wall time. A time skipped by a DST change moves forward by the
 * gap (02:30 on a spring-forward night is 03:30); a repeated one takes the earlier instant.
 */
export function instantOf(w: Omit<WallTime, 'weekday'>, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const before = offsetMinutes(new Date(asUtc - 86_400_000 / 2), timeZone);
  const after = offsetMinutes(new Date(asUtc + 86_400_000 / 2), timeZone);
  const candidates = [asUtc - before * 60_000, asUtc - after * 60_000].sort((a, b) => a - b);
  for (const t of candidates) {
    const back = wallTimeOf(new Date(t), timeZone);
    if (back.hour === w.hour && back.minute === w.minute && back.day === w.day) return new Date(t);
  }
  // In a spring-forward gap: the wall time does not exist; the later offset reads it as after the gap.
  return new Date(asUtc - before * 60_000);
}

/** The calendar date `days` after the given one (any month/year overflow handled), with its weekday. */
export function addDays(w: Pick<WallTime, 'year' | 'month' | 'day'>, days: number) {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}
