// `npm run eval -- [--json] [--knowledge DIR] [--questions FILE] [--threshold N]`: answer quality on a question set.
import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { createAnswerEngine } from '../search/engine.js';
import { evaluate, parseQuestions } from '../search/evaluate.js';
import { measure, type Timing } from '../search/measure.js';
import { CliExit, knowledgeDir, loadKnowledgeOrExit, parseCliArgs, runCli } from './common.js';
import { asCodedError } from '../errors.js';

const USAGE = 'usage: npm run eval -- [--json] [--knowledge DIR] [--questions FILE] [--threshold N] [--timing]';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function main(): number {
  const args = parseCliArgs(USAGE, {
    options: {
      json: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
      questions: { type: 'string', default: 'eval/questions.jsonl' },
      threshold: { type: 'string' },
      timing: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const threshold = args.values.threshold === undefined ? undefined : Number(args.values.threshold);
  if (threshold !== undefined && !Number.isFinite(threshold)) {
    console.error(`--threshold must be a number\n${USAGE}`);
    return 2;
  }
  let questions;
  try {
    questions = parseQuestions(readFileSync(args.values.questions, 'utf8'));
  } catch (e) {
    throw new CliExit(1, `${args.values.questions}: ${asCodedError(e).message}`);
  }
  const engine = createAnswerEngine(loadKnowledgeOrExit(args.values.knowledge).kb, { threshold });
  const r = evaluate(engine, questions);
  const dir = knowledgeDir(args.values.knowledge);
  const timing: Timing | null = args.values.timing ? measure(() => loadKnowledge(dir).kb, questions.map((q) => q.q)) : null;
  if (args.values.json) {
    console.log(JSON.stringify(timing ? { ...r, timing } : r));
    return 0;
  }
  console.log(`questions: ${r.total} (${r.answerable} answerable, ${r.unanswerable} with no answer); threshold ${engine.threshold}`);
  console.log(`top-1:     ${r.top1}/${r.answerable} = ${pct(r.top1Rate)}`);
  console.log(`top-3:     ${r.top3}/${r.answerable} = ${pct(r.top3Rate)}`);
  console.log(`no-answer: ${r.noAnswer}/${r.unanswerable} = ${pct(r.noAnswerRate)} refused`);
  console.log(`answerable refused: ${r.refusedAnswerable}`);
  if (r.failures.length > 0) {
    console.log(`\nfailures (${r.failures.length}):`);
    for (const f of r.failures) {
      console.log(`- [${f.problem}] ${f.q}  (expect ${JSON.stringify(f.expect)}, confidence ${f.confidence})`);
      if (f.got) console.log(`    got: ${f.got.slice(0, 90)}`);
    }
  }
  if (timing) {
    console.log(`\ntiming (medians over ${timing.builds} builds, ${timing.queries} queries):`);
    console.log(`  knowledge load ${timing.loadMedianMs} ms, index build ${timing.indexMedianMs} ms`);
    console.log(`  query median ${timing.queryMedianMs} ms, p99 ${timing.queryP99Ms} ms (CPU time: median ${timing.queryCpuMedianMs} ms, p99 ${timing.queryCpuP99Ms} ms)`);
  }
  return 0;
}

runCli('eval', main);
