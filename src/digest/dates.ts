// Calendar dates as `YYYY-MM-DD` strings: validation, day arithmetic and "today" in a time zone. Dates carry no
// time zone of their own; the digest's time zone only matters when turning an instant into today's date.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const DAY_MS = 86_400_000;

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utc(y: number, mo: number, d: number): Date {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t;
}

/** Why `s` is not a calendar date, or null when it is one (e.g. `2021-02-30` is refused). */
export function dateProblem(s: string): string | null {
  const m = DATE_RE.exec(s);
  if (!m) return `"${s}" is not a date: use YYYY-MM-DD, e.g. 2026-11-27`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = utc(y, mo, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return `"${s}" is not a calendar date`;
  return null;
}

export function assertDate(s: string): void {
  const p = dateProblem(s);
  if (p) throw new RangeError(p);
}

/** Days since 1970-01-01 (may be negative). */
export function dayNumber(date: string): number {
  assertDate(date);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(utc(y, mo, d).getTime() / DAY_MS);
}

export function dateOfDayNumber(n: number): string {
  const t = new Date(n * DAY_MS);
  const y = t.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`day ${n} is outside the years 0000–9999`);
  return `${String(y).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The calendar date of an instant in a time zone (IANA name). */
export function dateIn(timeZone: string, instantMs: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instantMs);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Why `tz` is not a usable IANA time zone, or null. */
export function timeZoneProblem(tz: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return null;
  } catch {
    return `"${tz}" is not an IANA time zone, e.g. Asia/Shanghai`;
  }
}
