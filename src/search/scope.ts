// The reports a question is about: the region and year it names, and the ones it implies. 今年/去年/前年 count
// back from the newest report of the region asked; 我市/本市/全市 mean the home region (HOME_REGION). Pure: the
// question is read, selector words are blanked (positions kept) so they neither count as content nor form
// bigrams (2022年调解 → 年调).
import type { DocumentNames } from './analyze.js';

export interface ScopeResult {
  /** The question with the words that selected reports blanked. */
  norm: string;
  /** Documents the question is restricted to, and how to name them; null when it names none. */
  scope: { label: string; documentIds: string[]; region: string | null; years: number[] } | null;
  /** Set when the question names something the reports cannot answer (a year or place they do not cover). */
  outOfScope: string | null;
  /** The named or implied region's documents across all years (for comparisons), or null. */
  regionDocs: string[] | null;
  /** Years the question names that no report is about but the reports' text mentions (2020年度): a quote must say it. */
  textYears: string[];
}

/** Words that mean "our own city" beside the thesaurus's scope words: the home region. */
const HOME_PHRASES = ['咱们市', '咱市', '我们市', '我们这里', '我们这', '咱们这'];

/**
 * The phrases meaning the home region: the scope-word group of its level (全市 我市 本市 for a 市, 全区 我区 for a
 * 区), and the colloquial ones. Every scope word is blanked from the question: it chooses reports, not sentences.
 */
const phraseCache = new WeakMap<object, Map<string, { home: string[]; all: string[] }>>();

export function homePhrases(scopeWords: readonly (readonly string[])[], homeRegion: string | null): { home: string[]; all: string[] } {
  const byRegion = phraseCache.get(scopeWords) ?? new Map<string, { home: string[]; all: string[] }>();
  phraseCache.set(scopeWords, byRegion);
  const hit = byRegion.get(homeRegion ?? '');
  if (hit) return hit;
  const made = makeHomePhrases(scopeWords, homeRegion);
  byRegion.set(homeRegion ?? '', made);
  return made;
}

function makeHomePhrases(scopeWords: readonly (readonly string[])[], homeRegion: string | null): { home: string[]; all: string[] } {
  const level = homeRegion?.slice(-1) ?? '市';
  const own = scopeWords.find((g) => g.some((w) => w.endsWith(level) && /^[全我本]/u.test(w))) ?? [];
  const home = [...new Set([...own, ...HOME_PHRASES])].sort((a, b) => b.length - a.length);
  // 全省/我省: no report is a province's; 全省排名 is the reports' own wording, kept as content.
  const all = [...new Set([...home, ...scopeWords.filter((g) => !g.some((w) => w.endsWith('省'))).flat()])].sort((a, b) => b.length - a.length);
  return { home, all };
}
/** Words before a place that make it a partner or a location, not the place asked about (跟广州一起, 设在广州). */
const PARTNER_BEFORE = /(?:跟|和|与|同|联合|携手|会同|对接|设在|落户|位于|放在|搬到|建在)$/u;

/** Relative years, counted back from the newest report of the region asked. */
const RELATIVE_YEARS: [RegExp, number][] = [
  [/大前年|三年前/u, 3],
  [/前年|两年前/u, 2],
  [/去年|上一年|上年度?|一年前/u, 1],
  [/今年|本年度?|当年|这一年|最新一年|最近一年|最新的?/u, 0],
];

const HAN_DIGITS = '〇一二三四五六七八九';
/**
 * Years written short or in characters: 二〇二二年 → 2022年; 22年 → 2022年 when a report is about 2022, or when it
 * is said as a year (20年的时候, 19年底, a question opening with it) though no report is: then the reply says no
 * report covers it. A duration (用了15年, 连续12年) stays as it is.
 */
const SAID_AS_YEAR = /^年(?:的|时候|那|底|初|末|上半年|下半年|全年|度|里|中|前|后|[,，\s])/u;
function spellYears(question: string, reportYears: ReadonlyMap<number, unknown>): string {
  return question
    .replace(/[〇零一二三四五六七八九]{4}(?=年)/gu, (m) => [...m].map((c) => String(Math.max(0, HAN_DIGITS.indexOf(c === '零' ? '〇' : c)))).join(''))
    .replace(/(?<![\d.])(\d{2})(?=年(?!代))/gu, (m, _d: string, at: number) => {
      const year = 2000 + Number(m);
      const asYear = year >= 2010 && year <= 2039 && (at === 0 || SAID_AS_YEAR.test(question.slice(at + 2))) && !/(?:了|续|近|满|超|过|多|第|这|那)$/u.test(question.slice(0, at));
      return reportYears.has(year) || asYear ? `20${m}` : m;
    });
}

function blankAt(text: string, from: number, to: number): string {
  return text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
}

export function resolveScope(question: string, names: DocumentNames, homeRegion: string | null, scopeWords: readonly (readonly string[])[] = []): ScopeResult {
  let norm = spellYears(question, names.years);
  let outOfScope: string | null = null;
  let ids = null as Set<string> | null;
  const narrow = (list: readonly string[]) => {
    const set = new Set(list);
    ids = ids ? new Set([...ids].filter((id) => set.has(id))) : set;
  };
  const byId = new Map(names.docs.map((d) => [d.id, d]));

  // Regions: a report's region selects it; the longest name first, blanked so 清远 does not match again in 清远市.
  let region: string | null = null;
  const regionIds = new Set<string>();
  for (const [name, list] of names.regions) {
    const at = norm.indexOf(name);
    if (at < 0) continue;
    for (const id of list) regionIds.add(id);
    region ??= byId.get(list[0]!)?.region ?? name;
    norm = blankAt(norm, at, at + name.length);
  }
  // A level above the reports' regions (青枫市, when the reports are its districts'): the whole city is asked, and
  // no report is about it. Named with a district (青枫市澄湖区, 青枫澄湖区), it only places the district.
  for (const [name, full] of names.parents) {
    const at = norm.indexOf(name);
    if (at < 0) continue;
    norm = blankAt(norm, at, at + name.length);
    if (regionIds.size === 0 && !outOfScope) {
      region = full;
      narrow([]);
      outOfScope = `the question is about ${full} as a whole, and no report is (only reports of places within it)`;
    }
  }
  // A place no report covers makes the question about that place, unless it also names a report's region
  // (清远和广州合作的…): then the place is context beside the topic, blanked like the region itself.
  // (A place the question names as a partner or a location, 跟广州一起, 设在广州, with 我市 or a report's region
  // as the subject, is context too.)
  const named = names.foreignPlaces.filter((p) => norm.includes(p));
  const asPartner = (p: string) => {
    const before = norm.slice(0, norm.indexOf(p));
    const m = PARTNER_BEFORE.exec(before);
    // (深圳和广州: two places asked, not a partner.)
    if (m && !named.some((o) => o !== p && before.slice(0, m.index).endsWith(o))) return true;
    return homePhrases(scopeWords, homeRegion).home.some((h) => norm.includes(h));
  };
  const foreign = named.find((p) => !asPartner(p)) ?? named[0];
  if (foreign && regionIds.size === 0 && !asPartner(foreign)) {
    // Named in the reply (知识库中没有广州的报告), with no report chosen.
    outOfScope = `the question is about ${foreign}, which the reports do not cover`;
    region = foreign;
    narrow([]);
  }
  else if (foreign) {
    for (const p of names.foreignPlaces) for (let at = norm.indexOf(p); at >= 0; at = norm.indexOf(p, at + p.length)) norm = blankAt(norm, at, at + p.length);
  }
  // 我市/全市: the home region, when the question names no other and some report is about it.
  const homeIds = homeRegion ? names.docs.filter((d) => d.region === homeRegion).map((d) => d.id) : [];
  const phrases = homePhrases(scopeWords, homeRegion);
  const home = phrases.home.some((p) => norm.includes(p));
  // 我区/全县 when home is a city: no report is "ours" at that level, and any district's figure would be a guess.
  const otherLevel = regionIds.size === 0 && names.regionCount > 1 && homeRegion ? phrases.all.find((p) => !phrases.home.includes(p) && norm.includes(p)) : undefined;
  if (otherLevel && !outOfScope) outOfScope = `the question says ${otherLevel}, and the home region ${homeRegion} is not one: name the place asked`;
  for (const p of phrases.all) for (let at = norm.indexOf(p); at >= 0; at = norm.indexOf(p, at + p.length)) norm = blankAt(norm, at, at + p.length);
  if (regionIds.size === 0 && home && homeIds.length > 0 && names.regionCount > 1) {
    region = homeRegion;
    for (const id of homeIds) regionIds.add(id);
  }

  // Explicit years: a year some report is about selects it; one neither a report nor its text knows is out of scope.
  const years: number[] = [];
  const textYears: string[] = [];
  // Two years named (2023年比2021年) choose both years' reports, not the reports about both at once.
  const yearIds: string[] = [];
  for (const m of [...norm.matchAll(/(?<!\d)((?:19|20)\d{2})(年度|年)?(?!\d)/gu)]) {
    const year = Number(m[1]);
    const list = names.years.get(year);
    if (list) {
      years.push(year);
      yearIds.push(...list);
      norm = blankAt(norm, m.index, m.index + m[0].length);
    } else if (names.yearsInText.has(m[1]!)) {
      textYears.push(m[1]!);
      norm = blankAt(norm, m.index + m[1]!.length, m.index + m[0].length);
    } else {
      outOfScope = `the question names ${m[1]}, and no report covers that year (reports: ${[...names.years.keys()].sort().join(', ')})`;
    }
  }
  if (yearIds.length > 0) narrow(yearIds);
  // Relative years: from the newest report of the region asked (or the home region, or all reports). A
  // comparison may name two (今年比去年): both are kept.
  const explicitYears = years.length > 0;
  const relative: number[] = [];
  let newest = 0;
  for (const [re, back] of RELATIVE_YEARS) {
    const m = re.exec(norm);
    if (!m) continue;
    // 比去年少了多少: the year after 比 is the baseline, and the year compared is the newest (今年比去年).
    const baseline = back > 0 && /[比较同跟与和]$/u.test(norm.slice(0, m.index));
    norm = blankAt(norm, m.index, m.index + m[0].length);
    if (explicitYears) continue;
    const pool = regionIds.size > 0 ? names.docs.filter((d) => regionIds.has(d.id)) : homeIds.length > 0 ? names.docs.filter((d) => d.region === homeRegion) : names.docs;
    if (pool.length === 0) continue;
    if (regionIds.size === 0 && homeIds.length > 0 && names.regionCount > 1) {
      region = homeRegion;
      for (const id of homeIds) regionIds.add(id);
    }
    newest = Math.max(...pool.map((d) => d.year));
    relative.push(newest - back);
    if (baseline && !relative.includes(newest)) relative.push(newest);
  }
  if (relative.length > 0) {
    relative.sort((a, b) => a - b);
    years.push(...relative);
    const pool = regionIds.size > 0 ? names.docs.filter((d) => regionIds.has(d.id)) : names.docs;
    const list = pool.filter((d) => relative.includes(d.year)).map((d) => d.id);
    // 去年那轮考评, when only this year's report exists and it tells of last year's round (2020年度…): the year is
    // the quote's to say, as an explicit year the text mentions is; the region's reports are searched.
    const told = list.length === 0 && names.regionCount <= 1 && relative.every((y) => names.yearsInText.has(String(y)));
    if (told) textYears.push(...relative.map(String));
    else {
      if (list.length === 0 && !outOfScope) outOfScope = `no report of ${region ?? 'the knowledge base'} covers ${relative.join(', ')} (the newest is ${newest})`;
      narrow(list);
    }
  }
  if (regionIds.size > 0) narrow([...regionIds]);
  const chosen: Set<string> | null = ids;
  if (chosen && chosen.size === 0 && !outOfScope) outOfScope = 'no report matches both the year and the region the question names';
  const label = `${region ?? ''}${years.length > 0 ? `${[...new Set(years)].join('、')}年` : ''}`;
  // A scope with no report (白石县去年, when its only report is this year's) still names what was asked.
  const scope = chosen ? { label, documentIds: [...chosen], region, years } : null;
  return { norm, scope, outOfScope, regionDocs: regionIds.size > 0 ? [...regionIds] : null, textYears };
}
