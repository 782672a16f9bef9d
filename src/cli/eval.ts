// `npm run eval -- [--json] [--knowledge DIR] [--questions FILE] [--threshold N] [--home-region R] [--segmenter icu|jieba] [--timing]`:
// answer quality on a question set.
import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { createAnswerEngine } from '../search/engine.js';
import { evaluate, parseQuestions } from '../search/evaluate.js';
import { measure, type Timing } from '../search/measure.js';
import { CliExit, knowledgeDir, loadKnowledgeOrExit, parseCliArgs, runCli, toolConfig } from './common.js';
import { asCodedError } from '../errors.js';

const USAGE = 'usage: npm run eval -- [--json] [--knowledge DIR] [--questions FILE] [--threshold N] [--home-region R] [--segmenter icu|jieba] [--timing] [--quiet]';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function main(): number {
  const args = parseCliArgs(USAGE, {
    options: {
      json: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
      questions: { type: 'string', default: 'eval/questions.jsonl' },
      threshold: { type: 'string' },
      'home-region': { type: 'string' },
      segmenter: { type: 'string', default: 'icu' },
      timing: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
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
  const homeRegion = args.values['home-region'] ?? toolConfig().homeRegion;
  const segmenter = args.values.segmenter;
  if (segmenter !== 'icu' && segmenter !== 'jieba') throw new CliExit(2, `--segmenter must be icu or jieba\n${USAGE}`);
  const engine = createAnswerEngine(loadKnowledgeOrExit(args.values.knowledge).kb, { threshold, homeRegion, segmenter });
  const r = evaluate(engine, questions);
  const dir = knowledgeDir(args.values.knowledge);
  const timing: Timing | null = args.values.timing ? measure(() => loadKnowledge(dir).kb, questions.map((q) => q.q)) : null;
  if (args.values.json) {
    console.log(JSON.stringify(timing ? { ...r, timing } : r));
    return 0;
  }
  console.log(`questions: ${r.total} (${r.answerable} answerable, ${r.unanswerable} not); threshold ${engine.threshold}`);
  console.log(`top-1:     ${r.top1}/${r.answerable} = ${pct(r.top1Rate)}`);
  console.log(`top-3:     ${r.top3}/${r.answerable} = ${pct(r.top3Rate)}`);
  console.log(`answerable refused: ${r.refusedAnswerable}/${r.answerable} = ${pct(r.refusedRate)}`);
  console.log(`unanswerable given none/partial: ${r.noAnswer}/${r.unanswerable} = ${pct(r.noAnswerRate)} (answered anyway: ${r.answeredUnanswerable})`);
  console.log(`kind right: ${r.kindRight}/${r.total} = ${pct(r.kindRate)}`);
  console.log(`wrong-scope answers: ${r.wrongScope}`);
  console.log('\nby pattern (top-1 / answerable, refused, kind right / total):');
  for (const [name, p] of Object.entries(r.byPattern).sort()) {
    console.log(`  ${(name || '—').padEnd(14)} top-1 ${p.top1}/${p.answerable}  refused ${p.refused}  kind ${p.kindRight}/${p.total}`);
  }
  if (r.failures.length > 0 && !args.values.quiet) {
    console.log(`\nfailures (${r.failures.length}):`);
    for (const f of r.failures) {
      console.log(`- [${f.problem}] ${f.q}  (want ${f.want}, got ${f.got}; expect ${JSON.stringify(f.expect)}, confidence ${f.confidence})`);
      if (f.quote) console.log(`    got: ${f.quote.slice(0, 90)}`);
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
