// Knowledge hot reload. The server serves from one holder whose `current` is read once per request, so a swap
// is a single assignment: a question that has started keeps the generation it read, the next one gets the new
// one. Changes to the knowledge directory (a debounced watch, or SIGHUP) trigger a reload: when the files really
// changed, the new knowledge is built and checked while the old one keeps serving, and swapped in only if it
// loads; a broken change is logged and rejected.
import { mkdtempSync, readFileSync, rmSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AnswerEngine } from '../ports.js';
import type { Logger } from '../obs/logger.js';
import { inputFingerprint } from './load-knowledge.js';

/** What a generation says about itself on /healthz and /metrics. */
export interface KnowledgeVersion {
  /** Short hash of the knowledge files (the knowledge base's `version`). */
  version: string;
  loadedAt: string;
  documents: number;
}

export interface Generation {
  info: KnowledgeVersion;
  /** The input fingerprint it was built from: equal fingerprints need no rebuild. */
  fingerprint: string | null;
}

export interface Holder<G> {
  readonly current: G;
  swap(next: G): G;
}

export function createHolder<G>(initial: G): Holder<G> {
  let current = initial;
  return {
    get current() {
      return current;
    },
    swap(next) {
      const prev = current;
      current = next;
      return prev;
    },
  };
}

/** An engine that answers from whatever generation is current when a call starts. */
export function delegatingEngine(current: () => AnswerEngine): AnswerEngine {
  return {
    get kb() {
      return current().kb;
    },
    ask: (question, opts) => current().ask(question, opts),
    search: (query, limit) => current().search(query, limit),
    metrics: (keyword) => current().metrics(keyword),
    metricCategories: () => current().metricCategories(),
  };
}

export type ReloadOutcome =
  | { result: 'unchanged' }
  | { result: 'swapped'; from: string | null; to: KnowledgeVersion; ms: number }
  | { result: 'rejected'; error: string; ms: number };

/** Pure: whether a trigger needs a rebuild. A directory that cannot be read is a change (it is then rejected). */
export function needsReload(serving: string | null, now: string | null): boolean {
  return now === null || serving !== now;
}

export interface ReloaderOptions<G extends Generation> {
  holder: Holder<G>;
  /** The fingerprint of the knowledge directory now (cheap: hashes the files, parses nothing). */
  fingerprint(): string | null;
  /** Builds and checks the next generation; throws when the knowledge cannot be used. Aborted at close. */
  build(signal: AbortSignal): G | Promise<G>;
  /** After a swap: e.g. stop the old generation's timers. Errors are logged, the swap stands. */
  retire?(old: G, next: G): void | Promise<void>;
  logger: Logger;
  onOutcome?(o: ReloadOutcome): void;
}

export interface Reloader {
  /** Reloads now (serialized: a reload asked for while one runs runs once more after it). */
  reload(reason: string): Promise<ReloadOutcome>;
  /** Debounced reload, for bursts of file events. */
  schedule(reason: string): void;
  close(): Promise<void>;
}

export function createReloader<G extends Generation>(o: ReloaderOptions<G> & { debounceMs: number }): Reloader {
  let running: Promise<ReloadOutcome> | null = null;
  let again: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const abort = new AbortController();

  const once = async (reason: string): Promise<ReloadOutcome> => {
    const started = performance.now();
    const current = o.holder.current;
    const fp = o.fingerprint();
    if (!needsReload(current.fingerprint, fp)) return { result: 'unchanged' };
    // Let the request in progress finish before the CPU-bound build starts.
    await new Promise((r) => setImmediate(r));
    let next: G;
    try {
      next = await o.build(abort.signal);
    } catch (e) {
      if (closed) return { result: 'unchanged' };
      const error = (e as Error).message;
      o.logger.error({ reason, err: error, serving: current.info.version }, 'knowledge reload rejected; the previous knowledge keeps serving');
      return { result: 'rejected', error, ms: performance.now() - started };
    }
    if (closed) return { result: 'unchanged' };
    const old = o.holder.swap(next);
    const ms = performance.now() - started;
    o.logger.info({ reason, from: old.info.version, to: next.info.version, documents: next.info.documents, ms: Math.round(ms) }, 'knowledge reloaded');
    try {
      await o.retire?.(old, next);
    } catch (e) {
      o.logger.warn({ err: (e as Error).message }, 'retiring the previous knowledge failed');
    }
    return { result: 'swapped', from: old.info.version, to: next.info, ms };
  };

  const reload = (reason: string): Promise<ReloadOutcome> => {
    if (running) {
      again = reason;
      return running;
    }
    running = (async () => {
      let outcome = await once(reason);
      o.onOutcome?.(outcome);
      // Changes that arrived during the build are looked at once more (bounded: one pending reason at a time).
      while (again !== null && !closed) {
        const r = again;
        again = null;
        const later = await once(r);
        o.onOutcome?.(later);
        // The caller learns whether its change was taken up: a later "nothing new" does not hide a swap.
        if (later.result !== 'unchanged') outcome = later;
      }
      return outcome;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    reload,
    schedule(reason) {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void reload(reason);
      }, o.debounceMs);
      timer.unref();
    },
    async close() {
      closed = true;
      abort.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

/** Watches the knowledge directory; file events (imports, edits, deletions) schedule a reload. */
export function watchKnowledgeDir(dir: string, reloader: Reloader, logger: Logger): { close(): void } {
  let watcher: FSWatcher | null = null;
  try {
    watcher = fsWatch(dir, { persistent: false }, (_event, name) => {
      // The import's temporary files and the prebuilt index are not knowledge.
      if (name && (String(name).startsWith('.import-') || String(name).startsWith('.search-index'))) return;
      reloader.schedule(`file change${name ? `: ${String(name)}` : ''}`);
    });
    watcher.on('error', (e) => logger.warn({ err: e.message, dir }, 'knowledge directory watch failed; SIGHUP still reloads'));
  } catch (e) {
    logger.warn({ err: (e as Error).message, dir }, 'cannot watch the knowledge directory; SIGHUP still reloads');
  }
  return { close: () => watcher?.close() };
}

/** `fazhi_knowledge_info{version,loaded_at}` = documents, and reloads by result. */
export function knowledgeMetrics(registry: Registry) {
  const info = new Gauge({ name: 'fazhi_knowledge_info', help: 'The knowledge being served (value: number of reports)', labelNames: ['version', 'loaded_at'], registers: [registry] });
  const reloads = new Counter({ name: 'fazhi_knowledge_reloads_total', help: 'Knowledge reloads by result', labelNames: ['result'], registers: [registry] });
  return {
    show(v: KnowledgeVersion | null) {
      info.reset();
      if (v) info.set({ version: v.version, loaded_at: v.loadedAt }, v.documents);
    },
    count(o: ReloadOutcome) {
      reloads.inc({ result: o.result });
    },
  };
}

export const RELOAD_DEBOUNCE_MS = 300;
/** From this many reports on, a reload indexes in a worker thread (at 1,000 reports that takes tens of seconds). */
export const WORKER_BUILD_FROM_REPORTS = 50;
const WORKER_TIMEOUT_MS = 10 * 60_000;

/** The ES module build of tsx's register API, as a file URL (its CommonJS build cannot be imported from a worker). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}

/** Builds the prebuilt index file for `dir` at `out` in a worker thread; rejects with the knowledge's problems. */
export function buildIndexInWorker(dir: string, out: string, signal?: AbortSignal): Promise<void> {
  // Run from TypeScript (npm start under tsx, tests), the worker registers tsx itself before loading its module:
  // loader flags do not reach worker threads on every Node 20 release.
  const ts = import.meta.url.endsWith('.ts');
  const entry = new URL(`./reload-worker${ts ? '.ts' : '.js'}`, import.meta.url).href;
  const tsxApi = ts ? tsxEsmApi() : null;
  const worker = tsxApi
    ? new Worker(`import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData: { dir, out } })
    : new Worker(new URL(entry), { workerData: { dir, out } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`indexing ${dir} took longer than ${WORKER_TIMEOUT_MS / 60_000} minutes`));
    }, WORKER_TIMEOUT_MS);
    timer.unref();
    const done = (f: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      f();
    };
    worker.once('message', (m: { ok: boolean; error?: string }) => done(() => (m.ok ? resolve() : reject(new Error(m.error ?? 'indexing failed')))));
    worker.once('error', (e) => done(() => reject(e)));
    worker.once('exit', (code) => done(() => reject(new Error(`the indexing worker stopped (exit ${code})`))));
    // Shutting down: the build is abandoned, the worker stopped.
    if (signal?.aborted) done(() => reject(new Error('shutting down')));
    signal?.addEventListener('abort', () => done(() => reject(new Error('shutting down'))), { once: true });
  });
}

export interface KnowledgeReload {
  reloader: Reloader;
  close(): Promise<void>;
}

/**
 * Reloads `dir` into `holder` on file changes (debounced) and on request: small knowledge bases are rebuilt in
 * place (`open()`), large ones indexed in a worker thread and opened from the file it wrote (`open(indexFile)`).
 * Publishes the version being served as metrics.
 */
export function startKnowledgeReload<G extends Generation>(o: {
  dir: string;
  holder: Holder<G>;
  /** The knowledge of `dir` as a generation, from `indexFile` when given; throws when it cannot be used. */
  open(indexFile?: string): G;
  retire?(old: G, next: G): void | Promise<void>;
  logger: Logger;
  registry: Registry;
  debounceMs: number;
}): KnowledgeReload {
  const gauge = knowledgeMetrics(o.registry);
  gauge.show(o.holder.current.info.version ? o.holder.current.info : null);
  const reloader = createReloader({
    holder: o.holder,
    fingerprint: () => inputFingerprint(o.dir),
    build: async (signal) => {
      if (o.holder.current.info.documents < WORKER_BUILD_FROM_REPORTS) return o.open();
      const tmp = mkdtempSync(join(tmpdir(), 'fazhi-reload-'));
      try {
        await buildIndexInWorker(o.dir, join(tmp, 'index'), signal);
        return o.open(join(tmp, 'index'));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    ...(o.retire ? { retire: o.retire } : {}),
    onOutcome: (outcome) => {
      gauge.count(outcome);
      if (outcome.result === 'swapped') gauge.show(o.holder.current.info);
    },
    logger: o.logger,
    debounceMs: o.debounceMs,
  });
  const watcher = watchKnowledgeDir(o.dir, reloader, o.logger);
  return {
    reloader,
    async close() {
      watcher.close();
      await reloader.close();
    },
  };
}
