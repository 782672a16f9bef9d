// A deterministic scale corpus for the benchmarks: N reports (1,000 by default) made by recombining the real
// report's sentences under other regions, years and figures, written as a self-contained knowledge directory
// (reports with front matter, the spam lexicon, reviewed corrections, synonyms). Nothing large is committed:
// the output goes to a git-ignored cache and is regenerated on demand when missing or made by another version.
//
//   npx tsx scripts/gen-scale-corpus.ts [--out DIR] [--reports N] [--seed S] [--force] [--check]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LEXICON_FILE, REVIEW_FILE, SYNONYMS_FILE, loadKnowledge } from '../src/knowledge/load-knowledge.js';
import type { KnowledgeBase, ParsedDocument, Sentence } from '../src/knowledge/types.js';

/** Bump when the output for the same options changes, so caches made by an older generator are rebuilt. */
export const GENERATOR_VERSION = 2;
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SOURCE = join(ROOT, 'knowledge');
export const DEFAULT_OUT = join(ROOT, 'bench', '.cache', 'scale-corpus');
const STAMP = '.stamp.json';

export interface ScaleCorpusOptions {
  out?: string;
  reports?: number;
  seed?: number;
  /** The knowledge directory whose first report is recombined. */
  source?: string;
  force?: boolean;
}

export interface ScaleCorpusInfo {
  dir: string;
  reports: number;
  paragraphs: number;
  sentences: number;
  generated: boolean;
  ms: number;
}

// Prefecture-level cities (short name, full name): the region of each synthetic report.
const REGIONS: [string, string][] = [
  ['韶关', '韶关市'], ['河源', '河源市'], ['梅州', '梅州市'], ['惠州', '惠州市'], ['汕尾', '汕尾市'], ['东莞', '东莞市'],
  ['中山', '中山市'], ['江门', '江门市'], ['阳江', '阳江市'], ['湛江', '湛江市'], ['茂名', '茂名市'], ['肇庆', '肇庆市'],
  ['潮州', '潮州市'], ['揭阳', '揭阳市'], ['云浮', '云浮市'], ['汕头', '汕头市'], ['佛山', '佛山市'], ['珠海', '珠海市'],
  ['桂林', '桂林市'], ['柳州', '柳州市'], ['梧州', '梧州市'], ['北海', '北海市'], ['玉林', '玉林市'], ['百色', '百色市'],
  ['赣州', '赣州市'], ['吉安', '吉安市'], ['宜春', '宜春市'], ['抚州', '抚州市'], ['上饶', '上饶市'], ['九江', '九江市'],
  ['郴州', '郴州市'], ['永州', '永州市'], ['衡阳', '衡阳市'], ['邵阳', '邵阳市'], ['岳阳', '岳阳市'], ['常德', '常德市'],
  ['南平', '南平市'], ['三明', '三明市'], ['龙岩', '龙岩市'], ['宁德', '宁德市'], ['漳州', '漳州市'], ['莆田', '莆田市'],
  ['遵义', '遵义市'], ['安顺', '安顺市'], ['曲靖', '曲靖市'], ['玉溪', '玉溪市'], ['绵阳', '绵阳市'], ['德阳', '德阳市'],
  ['宜宾', '宜宾市'], ['泸州', '泸州市'],
];

/** mulberry32: a tiny seeded PRNG, so the corpus is the same bytes on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Rewrites the numbers of a sentence: years shift with the report's year, months stay, ranks stay small,
 * other figures are scaled (percentages stay ≤ 100 and keep their decimals). */
export function varyFigures(text: string, r: () => number, yearShift: number): string {
  return text.replace(/(第)?(\d+(?:\.\d+)?)(%|月)?/gu, (m, rankPrefix: string | undefined, num: string, suffix: string | undefined) => {
    const decimals = num.includes('.') ? num.split('.')[1]!.length : 0;
    const v = Number(num);
    if (decimals === 0 && num.length === 4 && v >= 1990 && v <= 2035) return String(v + yearShift) + (suffix ?? '');
    if (suffix === '月') return m;
    if (rankPrefix) return `第${1 + Math.floor(r() * 5)}${suffix ?? ''}`;
    if (suffix === '%') {
      const scaled = v >= 90 ? 90 + r() * 10 : Math.max(0.1, v * (0.5 + r()));
      return `${Math.min(100, scaled).toFixed(decimals)}%`;
    }
    const scaled = v * (0.4 + r() * 1.8);
    return decimals > 0 ? scaled.toFixed(decimals) : String(Math.max(1, Math.round(scaled)));
  });
}

interface Template {
  /** The paragraph's own heading part (numbering + inline title), kept as written. */
  head: string;
  body: Sentence[];
}

function templates(doc: ParsedDocument): Template[] {
  return doc.paragraphs.map((p) => {
    const sents = doc.sentences.filter((s) => s.paragraphId === p.id).sort((a, b) => a.order - b.order);
    const headings = sents.filter((s) => s.heading);
    const body = sents.filter((s) => !s.heading);
    const last = headings.at(-1);
    const head = body.length === 0 ? p.text : last ? p.text.slice(0, last.start + last.text.length) : p.text.slice(0, body[0]!.start);
    return { head, body };
  });
}

function reportText(i: number, src: ParsedDocument, tpl: Template[], pool: Sentence[], seed: number): { text: string; region: string; year: number } {
  const r = rng(seed * 1_000_003 + i * 7919 + 1);
  const [shortName, fullName] = REGIONS[i % REGIONS.length]!;
  const year = 2015 + (Math.floor(i / REGIONS.length) % 10);
  const yearShift = year - src.meta.year;
  const localize = (t: string) => varyFigures(t.replaceAll('清远', shortName), r, yearShift);
  const paras: string[] = [];
  for (const t of tpl) {
    if (t.body.length === 0) {
      paras.push(localize(t.head));
      continue;
    }
    // About as many sentences as the original paragraph; half from it (reordered), half from anywhere.
    const n = Math.max(1, t.body.length + Math.floor(r() * 3) - 1);
    const own = [...t.body];
    const chosen: string[] = [];
    for (let k = 0; k < n; k++) {
      const fromOwn = own.length > 0 && r() < 0.5;
      const s = fromOwn ? own.splice(Math.floor(r() * own.length), 1)[0]! : pick(r, pool);
      chosen.push(localize(s.text));
    }
    paras.push(localize(t.head) + chosen.join(''));
  }
  const title = `${fullName}${year}年全面依法治市工作情况报告(合成基准样本第${i + 1}号)`;
  const fm = [
    '---',
    `title: ${title}`,
    `region: ${fullName}`,
    `year: ${year}`,
    'source: 基准测试用合成语料,由 scripts/gen-scale-corpus.ts 重组清远市2021年报告的句子生成,非真实报告',
    '---',
  ].join('\n');
  return { text: `${fm}\n${paras.join('\n')}\n`, region: fullName, year };
}

function stampOf(opts: Required<Omit<ScaleCorpusOptions, 'force' | 'out'>>, srcVersion: string) {
  return { generator: GENERATOR_VERSION, reports: opts.reports, seed: opts.seed, source: srcVersion };
}

/** Generates the corpus unless an identical one (same generator, options and source) is already there. */
export function ensureScaleCorpus(options: ScaleCorpusOptions = {}): ScaleCorpusInfo {
  const t0 = performance.now();
  const out = options.out ?? DEFAULT_OUT;
  const opts = { reports: options.reports ?? 1000, seed: options.seed ?? 20211, source: options.source ?? DEFAULT_SOURCE };
  const { kb: srcKb } = loadKnowledge(opts.source);
  const stamp = stampOf(opts, srcKb.version);
  const stampPath = join(out, STAMP);
  if (!options.force && existsSync(stampPath)) {
    try {
      const have = JSON.parse(readFileSync(stampPath, 'utf8')) as typeof stamp & { paragraphs: number; sentences: number };
      if (have.generator === stamp.generator && have.reports === stamp.reports && have.seed === stamp.seed && have.source === stamp.source) {
        return { dir: out, reports: have.reports, paragraphs: have.paragraphs, sentences: have.sentences, generated: false, ms: performance.now() - t0 };
      }
    } catch {
      /* unreadable stamp: regenerate */
    }
  }
  return generate(out, opts, srcKb, stamp, t0);
}

function generate(out: string, opts: { reports: number; seed: number; source: string }, srcKb: KnowledgeBase, stamp: object, t0: number): ScaleCorpusInfo {
  const src = srcKb.documents[0];
  if (!src) throw new Error(`no report in ${opts.source}`);
  if (existsSync(out)) {
    // Only ever delete what this generator made (it leaves a stamp), never an arbitrary directory.
    if (!existsSync(join(out, STAMP)) && readdirSync(out).length > 0) throw new Error(`${out} exists and was not made by this generator; choose another --out`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  const tpl = templates(src);
  const pool = src.sentences.filter((s) => !s.heading);
  let paragraphs = 0;
  let sentences = 0;
  const width = String(opts.reports).length;
  for (let i = 0; i < opts.reports; i++) {
    const { text } = reportText(i, src, tpl, pool, opts.seed);
    writeFileSync(join(out, `scale-${String(i + 1).padStart(width, '0')}.txt`), text);
  }
  for (const f of [LEXICON_FILE, SYNONYMS_FILE]) {
    const p = join(opts.source, f);
    if (existsSync(p)) writeFileSync(join(out, f), readFileSync(p));
  }
  // The source's corrections were applied by loadKnowledge before recombining, so the reports carry no
  // injected terms; the review file says so explicitly rather than being absent.
  writeFileSync(
    join(out, REVIEW_FILE),
    '# Synthetic corpus: sentences come from the corrected source report, so no integrity hit needs review.\ncorrections: []\nexclusions: []\n',
  );
  // The integrity check (and the parser) run over the result: a corpus that fails it is not a benchmark input.
  const { kb } = loadKnowledge(out);
  for (const d of kb.documents) {
    paragraphs += d.paragraphs.length;
    sentences += d.sentences.length;
  }
  writeFileSync(join(out, STAMP), JSON.stringify({ ...stamp, paragraphs, sentences, sha: createHash('sha256').update(kb.version).digest('hex').slice(0, 16) }, null, 2));
  return { dir: out, reports: kb.documents.length, paragraphs, sentences, generated: true, ms: performance.now() - t0 };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      reports: { type: 'string' },
      seed: { type: 'string' },
      source: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npx tsx scripts/gen-scale-corpus.ts [--out DIR] [--reports N] [--seed S] [--source KNOWLEDGE_DIR] [--force]');
  } else {
    const n = values.reports === undefined ? undefined : Number(values.reports);
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 100_000)) {
      console.error('--reports must be an integer between 1 and 100000');
      process.exitCode = 2;
    } else {
      const info = ensureScaleCorpus({
        out: values.out ? resolve(values.out) : undefined,
        reports: n,
        seed: values.seed === undefined ? undefined : Number(values.seed),
        source: values.source ? resolve(values.source) : undefined,
        force: values.force,
      });
      console.log(
        `${info.generated ? 'generated' : 'up to date'}: ${info.dir} — ${info.reports} reports, ${info.paragraphs} paragraphs, ${info.sentences} sentences (${Math.round(info.ms)} ms)`,
      );
    }
  }
}
