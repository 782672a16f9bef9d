// One search benchmark part, run in its own process by bench/run.ts so that peak RSS is the part's own.
// Prints one JSON object (the last stdout line).
//   small        --knowledge DIR                 build in memory, query, linear scan
//   build        --knowledge DIR    parse, build, write the prebuilt index (where the bot looks for it)
//   serve        --knowledge DIR    start as the bot does (openKnowledge, prebuilt file), query, linear scan, FTS5
//   peers        --knowledge DIR --eval FILE   engine, FTS5 (trigram) and linear scan side by side: latency on the
//                                  bench questions, top-1 on the eval set's answerable questions
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { inputFingerprint, loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { createAnswerEngine } from '../src/search/engine.js';
import { writeIndexFile } from '../src/search/index-file.js';
import { buildIndex } from '../src/search/index.js';
import { defaultIndexFile, openKnowledge } from '../src/search/open.js';
import { evaluate, parseQuestions } from '../src/search/evaluate.js';
import { createFts5Peer } from './fts5-peer.js';
import { createLinearScan } from './linear-scan.js';
import { benchQuestions } from './questions.js';
import { peakRssMb, percentile, round } from './stats.js';

const { values, positionals } = parseArgs({
  options: {
    knowledge: { type: 'string' },
    index: { type: 'string' },
    questions: { type: 'string', default: 'knowledge' },
    passes: { type: 'string', default: '3' },
    eval: { type: 'string' },
    'home-region': { type: 'string', default: '清远市' },
  },
  allowPositionals: true,
});
const mode = positionals[0];
const dir = values.knowledge!;
const passes = Math.max(1, Math.min(10, Number(values.passes)));

const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

/** Passes over the questions before measuring: V8 is still compiling the engine's hot functions for the first
 * ~2,000 queries, and those compilations stall ~1 % of queries by 3–8 ms (gone with --no-opt, so it is the JIT,
 * not GC). A server answers from warm code after its first minutes; the cold p99 is reported beside it. */
const WARM_UP_PASSES = 10;

/**
 * Every sample after the warm-up counts for p50/p99 (GC pauses included). `coldP99` is the first pass after
 * start-up. `quietP99` takes each question's fastest pass first: on a machine shared with other work it shows
 * what the code costs without the scheduler's interruptions.
 */
function timeQueries(ask: (q: string) => unknown, questions: string[], n: number, warmUp = WARM_UP_PASSES): { p50: number; p99: number; coldP99: number; quietP99: number; answered: number } {
  const timed = (q: string): [unknown, number] => {
    const t0 = performance.now();
    const r = ask(q);
    return [r, performance.now() - t0];
  };
  const cold = questions.map((q) => timed(q)[1]);
  for (let w = 1; w < warmUp; w++) for (const q of questions) ask(q);
  const samples: number[] = [];
  const fastest = questions.map(() => Number.POSITIVE_INFINITY);
  let answered = 0;
  for (let p = 0; p < n; p++)
    questions.forEach((q, i) => {
      const [r, ms] = timed(q);
      samples.push(ms);
      fastest[i] = Math.min(fastest[i]!, ms);
      if (p === 0 && (r as { kind?: string }).kind === 'answer') answered++;
    });
  return {
    p50: round(percentile(samples, 50), 3),
    p99: round(percentile(samples, 99), 3),
    coldP99: round(percentile(cold, 99), 3),
    quietP99: round(percentile(fastest, 99), 3),
    answered,
  };
}

/** The query figures of a part's JSON line. */
function queryFields(q: ReturnType<typeof timeQueries>) {
  return { query_p50_ms: q.p50, query_p99_ms: q.p99, query_p99_cold_ms: q.coldP99, query_p99_quiet_ms: q.quietP99, answered: q.answered, questions: questions.length };
}

function linear(kb: Parameters<typeof createLinearScan>[0], questions: string[]) {
  const scan = createLinearScan(kb);
  const t = timeQueries((q) => scan.ask(q), questions, 1, 1);
  return { linear_p50_ms: t.p50, linear_p99_ms: t.p99 };
}

function fts5(kb: Parameters<typeof createFts5Peer>[0], questions: string[]) {
  const [peer, buildMs] = time(() => createFts5Peer(kb));
  const t = timeQueries((q) => peer.ask(q), questions, 3, 3);
  peer.close();
  return { fts5_build_ms: round(buildMs, 1), fts5_p50_ms: t.p50, fts5_p99_ms: t.p99 };
}

// The fixed question set always comes from the bundled report, whatever knowledge is measured.
const questions = benchQuestions(loadKnowledge(values.questions).kb);

if (mode === 'small') {
  const [{ kb }, knowledgeMs] = time(() => loadKnowledge(dir));
  const [engine, buildMs] = time(() => createAnswerEngine(kb));
  const q = timeQueries((x) => engine.ask(x), questions, Math.max(passes, 5));
  const sentences = kb.documents.reduce((n, d) => n + d.sentences.length, 0);
  console.log(
    JSON.stringify({
      corpus_sentences: sentences,
      knowledge_ms: round(knowledgeMs, 1),
      build_ms: round(buildMs, 1),
      ...queryFields(q),
      ...linear(kb, questions),
      rss_mb: peakRssMb(),
    }),
  );
} else if (mode === 'build') {
  const file = values.index ?? defaultIndexFile(dir);
  const inputs = inputFingerprint(dir)!;
  const [loaded, knowledgeMs] = time(() => loadKnowledge(dir));
  const [index, buildMs] = time(() => buildIndex(loaded.kb));
  const [, writeMs] = time(() => writeIndexFile(file, loaded, index, inputs));
  console.log(
    JSON.stringify({
      corpus_sentences: index.entries.length,
      knowledge_ms: round(knowledgeMs, 1),
      build_ms: round(buildMs, 1),
      write_ms: round(writeMs, 1),
      index_bytes: statSync(file).size,
      rss_mb: peakRssMb(),
    }),
  );
} else if (mode === 'serve') {
  const [opened, loadMs] = time(() => openKnowledge(dir, values.index ? { indexFile: values.index } : {}));
  if (opened.source !== 'prebuilt') throw new Error(`the prebuilt index was not used: ${opened.note ?? 'no file'}`);
  const { engine, loaded } = opened;
  const q = timeQueries((x) => engine.ask(x), questions, passes);
  const rss = peakRssMb(); // before the linear scan adds its own copy of the text
  console.log(
    JSON.stringify({
      corpus_sentences: engine.index.entries.length,
      load_ms: round(loadMs, 1),
      ...queryFields(q),
      rss_mb: rss,
      ...linear(loaded.kb, questions),
      ...fts5(loaded.kb, questions),
    }),
  );
} else if (mode === 'peers') {
  // Top-1 on the eval set's answerable questions: the engine's best citation, FTS5's top row and the linear
  // scan's best sentence must hold the expected piece. The engine may refuse (counted as a miss); the peers never do.
  const { kb } = loadKnowledge(dir);
  const engine = createAnswerEngine(kb, { homeRegion: values['home-region'] });
  const peer = createFts5Peer(kb);
  const scan = createLinearScan(kb);
  const items = parseQuestions(readFileSync(values.eval!, 'utf8')).filter((x) => x.expect !== null && (x.want === 'answer' || x.want === 'overview'));
  const texts = new Map(kb.documents.flatMap((d) => d.sentences.map((s) => [s.id, s.text] as const)));
  let fts = 0;
  let lin = 0;
  for (const x of items) {
    if (peer.ask(x.q, 1)[0]?.text.includes(x.expect!)) fts++;
    const best = scan.ask(x.q).sentenceId;
    if (best && texts.get(best)?.includes(x.expect!)) lin++;
  }
  const r = evaluate(engine, items);
  const e = timeQueries((q) => engine.ask(q), questions, passes);
  const f = timeQueries((q) => peer.ask(q), questions, passes, 3);
  const l = timeQueries((q) => scan.ask(q), questions, 1, 1);
  console.log(
    JSON.stringify({
      eval_answerable: items.length,
      engine_top1: round(r.top1 / items.length, 3),
      fts5_top1: round(fts / items.length, 3),
      linear_top1: round(lin / items.length, 3),
      engine_p50_ms: e.p50,
      engine_p99_ms: e.p99,
      fts5_p50_ms: f.p50,
      fts5_p99_ms: f.p99,
      linear_p50_ms: l.p50,
      linear_p99_ms: l.p99,
    }),
  );
  peer.close();
} else {
  console.error('usage: search-child.ts small|build|serve|peers --knowledge DIR [--index FILE] [--eval FILE]');
  process.exit(2);
}
