// Figures: every number with its unit in a sentence (`2551人次`, `97.2%`, `30余个`, `同比上升200%`,
// `8个县(市、区)`, `连续6个月…排名第1`), with a label taken from the sentence (the thing counted), qualifiers and
// a category. Years, dates, periods (`截至8月`, `连续6个月`), ordinals (`第八批`), list numbering and numbers
// inside names (`“12345”热线`, `《…》`) are not figures; periods become qualifiers of the figures after them.
//
// Chinese numerals (`三级`, `十四五`, `七一`) are never counted figures: in these reports they name things.
// The one exception is a rank written `排名第一`.
import { categorize } from './figure-categories.js';
import type { Figure, FigureQualifiers, Sentence } from './types.js';

const DIGIT = '[0-9０-９]';
const NUM = `${DIGIT}+(?:,${DIGIT}{3}(?!${DIGIT}))*(?:[.．]${DIGIT}+)?`;
const CN_NUM = '[一二两三四五六七八九十]{1,3}';

// Longest first, so that `人次` wins over `人` and `个月` over `个`.
const UNITS = [
  '个百分点', '个工作日', '百分点', '工作日', '人次', '场次', '件次', '户次', '家次', '批次', '个月', '小时', '公里', '平方米',
  '元', '%', '％', '次', '件', '份', '个', '项', '人', '名', '家', '场', '期', '批', '所', '条', '篇', '起', '宗', '户',
  '天', '部', '套', '台', '支', '座', '处', '间', '位', '册', '本', '张', '例', '吨', '亩',
].sort((a, b) => b.length - a.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const FIGURE_RE = new RegExp(`(${NUM})(余|多)?(?:(万|亿)(余|多)?)?(${UNITS.map(escape).join('|')})?`, 'gu');

const SCOPE = '全省|全市|全国|全区|全县';
const RANK_RE = new RegExp(`(?:${SCOPE})?(?:排名|位居|位列|排在|排|居|列)(?:${SCOPE})?第(${NUM}|${CN_NUM})(?:名|位)?`, 'gu');

/** Spans that express a period: they qualify the figures after them and are never figures themselves. */
const PERIOD_RES: RegExp[] = [
  new RegExp(`(?:截至|截止(?:到|至)?)(?:目前|今年|(?:${DIGIT}{4}年)?${DIGIT}{1,2}月(?:${DIGIT}{1,2}日)?(?:底|末|份)?|${DIGIT}{4}年(?:底|末)?)`, 'gu'),
  new RegExp(`(?:${DIGIT}{4}年)?${DIGIT}{1,2}月?[-—–~至到]${DIGIT}{1,2}月份?`, 'gu'),
  new RegExp(`连续(?:${DIGIT}+|${CN_NUM})个?(?:月|年|季度|周|天|届)`, 'gu'),
  new RegExp(`(?:近|过去|最近)(?:${DIGIT}+|${CN_NUM})个?(?:月|年)(?:来|以来)?`, 'gu'),
  new RegExp(`${DIGIT}+个?(?:月|年)(?:来|以来)`, 'gu'),
  new RegExp(`(?:${DIGIT}{4}年)?(?:今年上半年|今年以来|上半年|下半年|全年|年初以来|第[一二三四1-4]季度|前[一二三1-3]季度|[一二三四]季度)`, 'gu'),
];
/** Years and dates: masked so that no figure is read out of them. */
const DATE_RES: RegExp[] = [new RegExp(`${DIGIT}{4}(?:[-—–~至到]${DIGIT}{4})?年(?:度)?`, 'gu'), new RegExp(`${DIGIT}{1,2}月${DIGIT}{1,2}日`, 'gu')];
const QUOTE_PAIRS: [string, string][] = [['“', '”'], ['《', '》'], ['‘', '’'], ['「', '」'], ['『', '』'], ['〈', '〉']];

// Words before a number that turn it into a change: deltas are part of the figure as written
// (`同比上升200%`); "…至" levels are not (`增至10个`: the figure is the level, the change a qualifier).
const DELTA_BEFORE = /(同比|环比|较上年|比上年|较去年|比去年)?(上升|下降|增长|减少|提高|降低|提升|增加|下滑|回落)了?$/u;
const LEVEL_BEFORE = /(同比|环比)?(增至|扩至|降至|减至|提升至|提高至|上升至|下降至|增加至|增长至|扩大到|增加到|扩大至)$/u;
const APPROX_BEFORE = /(约|近|逾|超过|大约|将近|接近|超)$/u;
const APPROX_AFTER = /^(左右|以上|余)/u;

// After `N个`, a place noun is part of what is counted: `8个县(市、区)`, `85个乡镇(街道)`, `2个村`.
const PLACE_AFTER = /^(乡镇|街道|社区|县|镇|村|乡|区|市)((?:\(|（)[^()（）]{1,8}(?:\)|）))?/u;
const PREDICATE_START = /^(?:被|设立|设置|建立|成立|建成|挂牌|实现|完成|开展|均|都|已|获|入选|全部|共|覆盖)/u;
const PUNCT = /[,，;；。:：!?！？、]/u;
const CLAUSE_BREAK = /[,，;；。:：!?！？]/u;

interface Span {
  start: number;
  end: number;
}

interface RawFigure extends Span {
  value: number;
  unit: string;
  qualifiers: FigureQualifiers;
  /** The counted place noun (`县`) when the figure text includes one. */
  place?: string;
  rank: boolean;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `十二` → 12, `二十` → 20, `三` → 3; NaN for anything else. */
export function parseChineseNumber(s: string): number {
  if (!/^[一二两三四五六七八九十]{1,3}$/u.test(s)) return Number.NaN;
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  if (s.includes('十')) {
    const t = tens === '' ? 1 : CN_DIGITS[tens ?? ''];
    const o = ones === '' ? 0 : CN_DIGITS[ones ?? ''];
    return t === undefined || o === undefined || (ones ?? '').length > 1 ? Number.NaN : t * 10 + o;
  }
  return s.length === 1 ? (CN_DIGITS[s] ?? Number.NaN) : Number.NaN;
}

/** `1,234.5` / `１２３` → number. */
export function parseArabicNumber(s: string): number {
  return Number(s.normalize('NFKC').replace(/,/gu, ''));
}

function allSpans(text: string, res: RegExp[]): (Span & { text: string })[] {
  const spans: (Span & { text: string })[] = [];
  for (const re of res) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      spans.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function quotedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const [open, close] of QUOTE_PAIRS) {
    let from = 0;
    for (;;) {
      const a = text.indexOf(open, from);
      if (a === -1) break;
      const b = text.indexOf(close, a + 1);
      const end = b === -1 ? text.length : b + 1;
      spans.push({ start: a, end });
      from = end;
    }
  }
  return spans;
}

const inside = (pos: number, spans: Span[]) => spans.some((s) => pos >= s.start && pos < s.end);
const overlaps = (a: Span, spans: Span[]) => spans.some((s) => a.start < s.end && s.start < a.end);

/** Finds the figure spans of one sentence, without labels. */
function findRawFigures(text: string): RawFigure[] {
  const periods = allSpans(text, PERIOD_RES);
  const masked: Span[] = [...periods, ...allSpans(text, DATE_RES), ...quotedSpans(text)];
  const figures: RawFigure[] = [];

  RANK_RE.lastIndex = 0;
  for (let m = RANK_RE.exec(text); m; m = RANK_RE.exec(text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    const num = m[1] ?? '';
    const value = /^[0-9０-９]/u.test(num) ? parseArabicNumber(num) : parseChineseNumber(num);
    if (!Number.isFinite(value) || inside(span.start, quotedSpans(text))) continue;
    figures.push({ ...span, value, unit: '名', qualifiers: { rank: value }, rank: true });
  }

  FIGURE_RE.lastIndex = 0;
  for (let m = FIGURE_RE.exec(text); m; m = FIGURE_RE.exec(text)) {
    const [whole, num = '', approxMid, mult, approxMult, unitWord] = m;
    if (!unitWord && !mult) continue;
    const numStart = m.index;
    let start = numStart;
    let end = numStart + whole.length;
    const prev = text.slice(0, numStart);
    // Ordinals (`第3批`), Latin codes (`G4`) and anything masked are not counted figures.
    if (/第$/u.test(prev) || /[A-Za-z]$/u.test(prev) || inside(numStart, masked) || overlaps({ start, end }, figures)) continue;
    const value = parseArabicNumber(num);
    if (!Number.isFinite(value)) continue;

    const qualifiers: FigureQualifiers = {};
    let unit = `${mult ?? ''}${unitWord ?? ''}`;
    if (approxMid || approxMult) qualifiers.approximate = true;
    let place: string | undefined;
    const rest = text.slice(end);
    const placeMatch = unitWord === '个' ? PLACE_AFTER.exec(rest) : null;
    if (placeMatch) {
      const afterPlace = rest.slice(placeMatch[0].length);
      if (placeMatch[2] || afterPlace.length === 0 || PUNCT.test(afterPlace[0] ?? '') || PREDICATE_START.test(afterPlace)) {
        place = placeMatch[1];
        end += placeMatch[0].length;
      }
    }
    const approxAfter = !place && !qualifiers.approximate ? APPROX_AFTER.exec(text.slice(end)) : null;
    if (approxAfter) {
      qualifiers.approximate = true;
      end += approxAfter[0].length;
    }
    const approxBefore = APPROX_BEFORE.exec(prev);
    if (approxBefore) {
      qualifiers.approximate = true;
      start -= approxBefore[0].length;
    }
    const before = text.slice(0, start);
    const delta = DELTA_BEFORE.exec(before);
    const level = LEVEL_BEFORE.exec(before);
    if (level) {
      qualifiers.change = level[0];
    } else if (delta) {
      qualifiers.change = `${delta[1] ?? ''}${delta[2] ?? ''}`;
      start -= delta[0].length;
    }
    if (!unit) unit = '';
    figures.push({ start, end, value, unit, qualifiers, place, rank: false });
  }

  figures.sort((a, b) => a.start - b.start);
  for (const f of figures) {
    const period = periods.filter((p) => p.end <= f.start).at(-1);
    if (period) f.qualifiers.period = period.text;
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------------------
// Labels: the thing counted, in the sentence's own words.

const LEADING_FILLERS = /^(?:我市共有|我市有|全市共有|共有|其中|此外|另外|同时|累计|共计|我市|全年共|全年|当年|目前|现有)/u;
const TRAILING_FILLERS =
  /(?:分别为|分别是|分别|共计|总计|合计|累计|达到了|达到|增至|扩至|降至|减至|提升至|提高至|上升至|下降至|增加至|增长至|扩大到|增加到|扩大至|超过|为|达|共|是|有|了|约|近|逾|超)$/u;
const BARE_PREPOSITION = /^(?:在|对|向|有|共|从|于|将|把)$/u;
const MEANS = /(?:以|通过)[^,，。;；以]{1,24}?(?:等)?(?:形式|方式|渠道|途径)/gu;
const NAMED = /^(?:均|都|已|先后|分别)?(?:被命名为|被评为|被确定为|被授予|被列为|被认定为|获评|荣获|入选|评为|命名为)(.+)$/u;
const NOUN_STOPS = ['和', '及', '与', '等', '均', '都', '被', '已', '成功', '连续', '全省', '全市', '全国', '同比', '环比', '委托', '进行', '实现', '完成', '开展', '设立', '建立', '获得', '获评', '入围', '入选', '分别', '共', '占', '较', '比上年'];
const PREDICATE_FILLERS = /^(?:均|都|已|成功|顺利|全部|先后|分别|共)+/u;

function stripPeriods(s: string): string {
  return allSpans(s, PERIOD_RES)
    .reverse()
    .reduce((acc, p) => acc.slice(0, p.start) + acc.slice(p.end), s);
}

const trimPunct = (s: string) => s.replace(/^[\s,，;；:：、。]+|[\s,，;；:：、]+$/gu, '');

/** The words before a figure in its clause, without fillers; `list` when the figure is an item of a list. */
function cleanBefore(raw: string): { text: string; list: boolean } {
  let s = stripPeriods(raw).replace(MEANS, '');
  if (/[、和及与]\s*$/u.test(s)) return { text: '', list: true };
  const de = s.lastIndexOf('的');
  // "X的A、B和C3项工作": the items are listed after 的; X names them.
  if (de > 0 && /[、和]/u.test(s.slice(de + 1))) s = s.slice(0, de);
  for (let prevLen = -1; prevLen !== s.length; ) {
    prevLen = s.length;
    s = trimPunct(s).replace(TRAILING_FILLERS, '').replace(LEADING_FILLERS, '');
  }
  if (BARE_PREPOSITION.test(s)) s = '';
  return { text: s, list: false };
}

/** The noun right after a figure's unit (`158项市级行政审批事项委托…` → `市级行政审批事项`). */
function leadingNoun(after: string): string {
  let i = 0;
  while (i < after.length) {
    const ch = after[i] ?? '';
    if (PUNCT.test(ch) || /[0-9０-９]/u.test(ch)) break;
    if (after.startsWith('及其', i)) {
      i += 2;
      continue;
    }
    if (NOUN_STOPS.some((w) => after.startsWith(w, i))) break;
    i++;
  }
  return trimPunct(after.slice(0, i));
}

const firstItem = (s: string) => trimPunct(s.split(/[、]/u)[0] ?? '');

function namedTitle(predicate: string): string | null {
  const m = NAMED.exec(trimPunct(predicate));
  if (!m) return null;
  const title = trimPunct((m[1] ?? '').replace(/(?:荣誉称号|称号|等)$/u, ''));
  return title || null;
}

function clauseBounds(text: string, start: number, end: number): [number, number] {
  let a = start;
  while (a > 0 && !CLAUSE_BREAK.test(text[a - 1] ?? '')) a--;
  let b = end;
  while (b < text.length && !CLAUSE_BREAK.test(text[b] ?? '')) b++;
  return [a, b];
}

function labelFor(text: string, f: RawFigure, earlier: { raw: RawFigure; label: string }[]): string {
  const [cs, ce] = clauseBounds(text, f.start, f.end);
  const before = cleanBefore(text.slice(cs, f.start));
  const after = text.slice(f.end, ce);
  const previous = earlier.at(-1)?.label ?? '';

  if (f.rank) {
    // `3项工作连续6个月全省排名第1`: the rank belongs to what the clause counted before it.
    const sameClause = earlier.filter((e) => e.raw.start >= cs).at(-1);
    return sameClause?.label ?? (before.text || previous);
  }
  if (f.place) {
    const predicate = firstItem(after.split(/[和及与]/u)[0] ?? '');
    const title = namedTitle(predicate);
    if (title) return title;
    const object = predicate.replace(/^(?:设立|设置|建立|成立|建成|挂牌|实现|完成|开展|均|都|已|全部|共)+/u, '');
    return object ? `${object}(${f.place})` : `${before.text}${f.place}`;
  }
  const noun = leadingNoun(after);
  const rest = after.slice(after.indexOf(noun) + noun.length);
  const title = namedTitle(firstItem(rest));
  if (title) return title;
  if (before.list) {
    // `对A、118项B和325份C等进行法律论证`: B, with what was done to the list.
    const tail = /等(?:进行|开展|实施|完成|组织)?([^、,，。;；等]{2,12})$/u.exec(text.slice(cs, ce))?.[1];
    if (noun) return tail ? `${noun}(${tail})` : noun;
    return tail ?? previous;
  }
  if (before.text && noun) return `${before.text}${noun}`;
  if (noun) {
    // `3个项目成功入围…`: a bare short noun says little; what happened to it says what is counted.
    const predicate = firstItem(rest).replace(PREDICATE_FILLERS, '');
    return [...noun].length <= 3 && predicate ? `${predicate}的${noun}` : noun;
  }
  return before.text || previous;
}

// ---------------------------------------------------------------------------------------------------------

const SECTION_ID = /^(.*\/s)(\d+(?:\.\d+)*)$/u;

/** Section titles by id, from the heading sentences; ancestors from the `<doc>/s2.2.3` id path. */
function sectionTitles(sentences: Sentence[]): (sectionId: string) => { own: string; ancestors: string[] } {
  const titles = new Map<string, string>();
  for (const s of sentences) if (s.heading && !titles.has(s.sectionId)) titles.set(s.sectionId, s.text.replace(/[。.]$/u, ''));
  return (sectionId) => {
    const m = SECTION_ID.exec(sectionId);
    const ancestors: string[] = [];
    if (m) {
      const parts = (m[2] ?? '').split('.');
      for (let n = parts.length - 1; n >= 1; n--) ancestors.push(titles.get(`${m[1]}${parts.slice(0, n).join('.')}`) ?? '');
    }
    return { own: titles.get(sectionId) ?? '', ancestors: ancestors.filter((t) => t.length > 0) };
  };
}

export function extractFigures(sentences: Sentence[]): Figure[] {
  const figures: Figure[] = [];
  const titlesOf = sectionTitles(sentences);
  for (const s of sentences) {
    const done: { raw: RawFigure; label: string }[] = [];
    for (const raw of findRawFigures(s.text)) {
      const label = labelFor(s.text, raw, done);
      done.push({ raw, label });
      const titles = titlesOf(s.sectionId);
      figures.push({
        id: `${s.id}/f${done.length}`,
        docId: s.docId,
        sectionId: s.sectionId,
        sentenceId: s.id,
        value: raw.value,
        unit: raw.unit,
        text: s.text.slice(raw.start, raw.end),
        label,
        category: categorize({ label, sectionTitle: titles.own, ancestorTitles: titles.ancestors, sentence: s.text }),
        qualifiers: raw.qualifiers,
      });
    }
  }
  return figures;
}
