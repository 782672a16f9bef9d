// The answer engine on the bundled knowledge base, through the real loader and index.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import type { Reply } from '../../src/reply/model.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';

let kb: KnowledgeBase;
let engine: SearchEngine;
let injected: string[];
let reportPieces: string[];

beforeAll(() => {
  kb = shippedKb();
  engine = createAnswerEngine(kb);
  injected = kb.documents.flatMap((d) => d.integrity.map((n) => n.term));
  // Question material: words and fragments from the report itself, so that arbitrary questions do hit it.
  reportPieces = kb.documents.flatMap((d) => d.sentences.flatMap((s) => [s.text.slice(0, 4), s.text.slice(5, 8), s.text.slice(-6, -1)]));
});

const QUESTION_WORDS = ['多少', '几个', '是什么', '吗', '比例', '怎么', '2021年', '清远', '情况', '?', ' '];
const question = () =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.array(fc.oneof(fc.constantFrom(...reportPieces), fc.constantFrom(...QUESTION_WORDS), fc.constantFrom(...injected)), { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
  );

/** Every string in a reply except the question, which echoes what the user typed. */
function outputOf(reply: Reply): string {
  const { question: _q, ...rest } = reply as Reply & { question?: string };
  return JSON.stringify(rest);
}

describe('ask', () => {
  it('answers with the sentence that holds the figure, cited to its section and document', () => {
    const r = engine.ask('全市调解组织调解案件成功率是多少?');
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    const c = r.citations[0]!;
    expect(c.quote).toContain('97.2%');
    expect(c.section).toBe('二、(四)2. 深化预防与化解社会矛盾纠纷工作');
    expect(c.document).toEqual({ id: 'qingyuan-2021', title: kb.documents[0]!.meta.title, region: '清远市', year: 2021 });
    expect(c.highlights.some((h) => h.includes('成功率'))).toBe(true);
    expect(r.figures.some((f) => f.text === '97.2%' && f.unit === '%')).toBe(true);
    expect(r.confidence).toBeGreaterThanOrEqual(engine.threshold);
  });

  it('uses synonyms and reports them when explaining', () => {
    const r = engine.ask('判决书网上公开了多少', { explain: true });
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.citations[0]!.quote).toContain('裁判文书');
    expect(r.retrieval?.synonyms).toContain('判决书→裁判文书');
    expect(r.retrieval?.candidates.length).toBeGreaterThan(0);
    expect(r.retrieval?.threshold).toBe(engine.threshold);
  });

  it('marks a quote that went through a reviewed correction, without the injected term', () => {
    const r = engine.ask('一网通办能力在全省排第几');
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    const c = r.citations.find((x) => x.quote.includes('政务服务'));
    expect(c?.corrected).toBe(true);
    expect(c?.corrections[0]?.replacement).toBe('政务服务');
    expect(outputOf(r)).not.toContain('沙巴体育');
  });

  it.each(['明天会下雨吗', '上海的房价是多少', '推荐一部好看的电影', '广州的调解成功率是多少', '2035年清远法治建设规划', '讲个笑话', 'hello', '？？？'])(
    'says "not in the reports" for %s, with nearby topics',
    (q) => {
      const r = engine.ask(q, { explain: true });
      expect(r.kind).toBe('no_answer');
      if (r.kind !== 'no_answer') return;
      expect(r.suggestions.length).toBeGreaterThan(0);
      expect(r.retrieval?.reason.length).toBeGreaterThan(0);
    },
  );

  it('quotes are verbatim substrings of their corrected paragraph, ≤ 200 characters, and never carry an injected term (property)', () => {
    fc.assert(
      fc.property(question(), (q) => {
        const r = engine.ask(q, { explain: true });
        for (const term of injected) expect(outputOf(r)).not.toContain(term);
        if (r.kind !== 'answer') return;
        expect(r.citations.length).toBeGreaterThan(0);
        // An overview quotes up to 4 key sentences of one section; an answer up to 3 quotes, no sentence twice.
        if (r.grade === 'overview') {
          expect(r.citations.length).toBeLessThanOrEqual(4);
          // One section: the overview's own, or sub-sections under it.
          const root = r.overview!.sectionId;
          for (const c of r.citations) expect(c.sectionId === root || c.sectionId.startsWith(`${root}.`)).toBe(true);
        } else {
          expect(r.citations.length).toBeLessThanOrEqual(3);
          const spans = r.citations.map((c) => {
            const paragraph = kb.documents.find((d) => d.meta.id === c.document.id)!.paragraphs.find((p) => p.id === c.paragraphId)!;
            const from = paragraph.text.indexOf(c.quote);
            return { paragraph: c.paragraphId, from, to: from + c.quote.length };
          });
          for (const [i, x] of spans.entries()) for (const y of spans.slice(i + 1)) expect(x.paragraph !== y.paragraph || x.to <= y.from || y.to <= x.from).toBe(true);
        }
        for (const c of r.citations) {
          const doc = kb.documents.find((d) => d.meta.id === c.document.id)!;
          const paragraph = doc.paragraphs.find((p) => p.id === c.paragraphId)!;
          expect(paragraph.text).toContain(c.quote);
          expect(c.context).toBe(paragraph.text);
          expect(c.quote.length).toBeLessThanOrEqual(200);
          expect(c.quote.length).toBeGreaterThan(0);
          for (const id of c.sentenceIds) expect(doc.sentences.find((s) => s.id === id)?.paragraphId).toBe(paragraph.id);
          for (const h of c.highlights) expect(c.quote).toContain(h);
        }
        for (const f of r.figures) expect(f.quote).toContain(f.text);
      }),
      { numRuns: 300 },
    );
  });

  it('reads only the start of a pasted wall of text, and still quotes verbatim', () => {
    const wall = kb.documents[0]!.paragraphs.map((p) => p.text).join('').slice(0, 5000);
    const r = engine.ask(wall);
    if (r.kind === 'answer') for (const c of r.citations) expect(c.context).toContain(c.quote);
    expect(r.question).toBe(wall);
  });

  it('is deterministic (property)', () => {
    fc.assert(
      fc.property(question(), (q) => {
        expect(engine.ask(q)).toEqual(engine.ask(q));
      }),
      { numRuns: 100 },
    );
  });
});

describe('ask: word order, counts and places', () => {
  const top = (q: string) => {
    const r = engine.ask(q);
    return r.kind === 'answer' ? r.citations[0]!.quote : null;
  };

  it('finds a sentence whose words come in another order than the question\'s, and drops a stop verb with its particle', () => {
    // The report: 公示行政执法决定177817次 — the question says 执法 before 公示, and 做得 asks, it names nothing.
    expect(top('执法公示做得怎么样')).toContain('公示行政执法决定');
    expect(top('执法决定公示了多少')).toContain('公示行政执法决定');
  });

  it('never answers a count of institutions or people (几家, 多少名) with a quote holding no figure of that kind', () => {
    // The report counts what 公证机构 did (174件), never how many there are: related (partial), not an answer.
    const r = engine.ask('公证机构有几家');
    expect(r.kind === 'answer' ? r.grade : 'none').toBe('partial');
    if (r.kind === 'answer') expect(r.missing?.what).toBe('figure');
    expect(top('公证机构巡回办证多少件')).toContain('174件');
    // The measure word decides the kind, not a topic word that happens to contain a unit (文件 has 件).
    expect(top('报备规范性文件多少份')).toContain('16份');
    // 个, 条, 件 are used loosely: any count answers them (the report says 2215件, 177817次).
    expect(top('两法衔接录入了几个案件')).toContain('2215件');
    expect(top('公示了多少条执法决定')).toContain('177817次');
    // 第几家 asks for a rank, not a count: the report's 首家 answers it.
    expect(top('香港律所代表处是第几家')).toContain('首家香港律师事务所');
  });

  it('treats a foreign place beside the report\'s region as context, and a foreign place alone as out of scope', () => {
    expect(top('清远和广州合作的营商环境专班')).toContain('广清营商环境一体化工作专班');
    expect(engine.ask('广州的营商环境排名').kind).toBe('no_answer');
  });
});

describe('search, metrics', () => {
  it('returns top quotes best first, never the same sentence twice', () => {
    const cs = engine.search('调解', 10);
    const holding = kb.documents.flatMap((d) => d.sentences.filter((x) => x.text.includes('调解')).map((x) => x.id));
    // Every sentence that says 调解 is listed, in a quote of its own or beside a neighbour.
    for (const id of holding) expect(cs.some((c) => c.sentenceIds.includes(id))).toBe(true);
    expect(cs.every((c) => c.quote.includes('调解'))).toBe(true);
    const ids = cs.flatMap((c) => c.sentenceIds);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < cs.length; i++) expect(cs[i - 1]!.score).toBeGreaterThanOrEqual(cs[i]!.score);
  });

  it('returns nothing for a query no sentence matches', () => {
    expect(engine.search('天气预报')).toEqual([]);
  });

  it('delegates /metric to the figures table', () => {
    expect(engine.metrics('调解').length).toBeGreaterThan(0);
    expect(engine.metricCategories().reduce((n, c) => n + c.count, 0)).toBe(kb.documents.reduce((n, d) => n + d.figures.length, 0));
  });
});
