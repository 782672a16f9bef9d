// Timing of the knowledge build and of queries, for `npm run eval -- --timing` and the final report.
// Medians and p99 over repeated runs; no assertions (timings are for people, not for unit tests).
import { performance } from 'node:perf_hooks';
import type { KnowledgeBase } from '../knowledge/types.js';
import { createAnswerEngine } from './engine.js';
import { buildIndex } from './index.js';
import { percentile } from '../obs/percentile.js';

export interface Timing {
  builds: number;
  /** Load (parse) + index, milliseconds. */
  loadMedianMs: number;
  indexMedianMs: number;
  queries: number;
  queryMedianMs: number;
  queryP99Ms: number;
  /** The same over CPU time: on a shared machine wall-clock tails include time the process was not running. */
  queryCpuMedianMs: number;
  queryCpuP99Ms: number;
}

export function measure(load: () => KnowledgeBase, questions: string[], opts: { builds?: number; rounds?: number } = {}): Timing {
  const builds = opts.builds ?? 5;
  const rounds = opts.rounds ?? 20;
  const loads: number[] = [];
  const indexes: number[] = [];
  let kb: KnowledgeBase | null = null;
  for (let i = 0; i < builds; i++) {
    const t0 = performance.now();
    kb = load();
    const t1 = performance.now();
    buildIndex(kb);
    loads.push(t1 - t0);
    indexes.push(performance.now() - t1);
  }
  const engine = createAnswerEngine(kb ?? load());
  for (const q of questions) engine.ask(q); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const c = process.cpuUsage();
      const t = performance.now();
      engine.ask(q);
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    builds,
    loadMedianMs: round(percentile(loads, 50)),
    indexMedianMs: round(percentile(indexes, 50)),
    queries: times.length,
    queryMedianMs: round(percentile(times, 50)),
    queryP99Ms: round(percentile(times, 99)),
    queryCpuMedianMs: round(percentile(cpu, 50)),
    queryCpuP99Ms: round(percentile(cpu, 99)),
  };
}
