// Which slot of the rotation a date gets. The sections with substance are shuffled once per knowledge version
// (a seeded permutation) and the digest for slot k is permutation[k mod n], so any n consecutive slots show n
// different sections and every section comes up before any repeats.
import { dayNumber, weekday } from './dates.js';

/**
 * `daily`: one slot per calendar day. `workdays`: Monday–Friday take consecutive slots, so a workday schedule
 * (the default `0 9 * * 1-5`) walks through every section before repeating; Saturday and Sunday (a `/digest`
 * asked for on a weekend) take slots 8 and 9 ahead of the following Friday, which keeps any ten consecutive
 * calendar dates distinct as long as there are at least 15 sections; with fewer, the calendar is `daily`.
 */
export type RotationCalendar = 'workdays' | 'daily';

/** Smallest rotation for which the workday calendar keeps every ten consecutive dates distinct. */
export const MIN_SECTIONS_FOR_WORKDAYS = 15;

// 2000-01-03 was a Monday; day numbers are days since 1970-01-01.
const EPOCH_MONDAY = 10_959;

export function slotIndex(date: string, calendar: RotationCalendar, n: number): number {
  const day = dayNumber(date);
  if (calendar === 'daily' || n < MIN_SECTIONS_FOR_WORKDAYS) return day;
  const week = Math.floor((day - EPOCH_MONDAY) / 7);
  const dow = (weekday(date) + 6) % 7; // Monday = 0 … Sunday = 6
  const base = 5 * week;
  if (dow < 5) return base + dow;
  return base + 12 + (dow - 5); // Saturday, Sunday
}

/** Calendar implied by a cron pattern: workdays when its day-of-week field is exactly Monday–Friday. */
export function calendarForCron(pattern: string): RotationCalendar {
  const fields = pattern.trim().split(/\s+/u);
  const dow = fields.length >= 5 ? fields[fields.length === 5 ? 4 : 5] : undefined;
  return dow !== undefined && /^(1-5|mon-fri|1,2,3,4,5)$/iu.test(dow) ? 'workdays' : 'daily';
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of 0..n-1 determined by `seed` (Fisher–Yates over a seeded PRNG). */
export function seededPermutation(n: number, seed: string): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  const rnd = mulberry32(fnv1a(seed));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

export function mod(k: number, n: number): number {
  return ((k % n) + n) % n;
}
