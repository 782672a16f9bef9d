// The fixed benchmark question set: 200 questions derived deterministically from the bundled report (so they
// exercise real vocabulary at every scale), in the forms staff use — a phrase from a sentence with a question
// ending, a figure's label with 多少/几, a section title — plus questions the reports cannot answer.
import type { KnowledgeBase } from '../src/knowledge/types.js';

const ENDINGS = ['是怎么做的', '情况如何', '有哪些举措', '进展怎么样', '做了什么', '', '?', '的情况'];
const FIGURE_ENDINGS = ['是多少', '有多少', '多少', '达到多少', '有几个'];
const OFF_TOPIC = [
  '明天天气怎么样', '广州市的GDP是多少', '食堂几点开饭', '怎么报销差旅费', '年假有几天', '附近有什么好吃的',
  '世界杯谁夺冠了', '股票怎么买', '北京到上海的高铁票价', '如何办理护照', '公司年会在哪里开', '周末加班有加班费吗',
  '新能源汽车补贴政策', '房贷利率是多少', '怎么养猫', '电脑蓝屏怎么办', 'What is the capital of France', '推荐几本小说',
  '今天星期几', '深圳的人口有多少',
];

/** The `n`-th run of at least `min` Han characters in `text` (punctuation and digits split runs). */
function hanRuns(text: string, min: number): string[] {
  return text.match(new RegExp(`\\p{Script=Han}{${min},}`, 'gu')) ?? [];
}

export function benchQuestions(kb: KnowledgeBase, count = 200): string[] {
  const doc = kb.documents[0];
  if (!doc) throw new Error('no report in the knowledge base');
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (q: string) => {
    if (q.length >= 2 && !seen.has(q)) {
      seen.add(q);
      out.push(q);
    }
  };
  const off = Math.min(20, Math.floor(count / 10));
  const figureQs = Math.floor(count * 0.2);
  const figures = doc.figures.filter((f) => /^\p{Script=Han}{4,16}$/u.test(f.label));
  for (let i = 0; out.length < figureQs && i < figures.length * FIGURE_ENDINGS.length; i++) {
    const f = figures[i % figures.length]!;
    add(f.label + FIGURE_ENDINGS[Math.floor(i / figures.length) % FIGURE_ENDINGS.length]);
  }
  const body = doc.sentences.filter((s) => !s.heading);
  const headings = doc.sentences.filter((s) => s.heading);
  for (const h of headings) if (out.length < count - off) add(h.text.replace(/[。,;、]$/u, '').slice(0, 20));
  // Phrases cut from body sentences at varying offsets and lengths (6–12 Han characters).
  for (let i = 0; out.length < count - off && i < body.length * 8; i++) {
    const s = body[(i * 37) % body.length]!;
    const runs = hanRuns(s.text, 6);
    if (runs.length === 0) continue;
    const run = runs[i % runs.length]!;
    const len = Math.min(run.length, 6 + (i % 7));
    const start = (i * 5) % Math.max(1, run.length - len + 1);
    add(run.slice(start, start + len) + ENDINGS[i % ENDINGS.length]);
  }
  for (const q of OFF_TOPIC) if (out.length < count) add(q);
  if (out.length !== count) throw new Error(`could derive only ${out.length} benchmark questions`);
  return out;
}
