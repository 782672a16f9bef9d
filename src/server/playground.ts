// The local playground: the built page (dist/web) and two read-only JSON endpoints. It answers with the same router
// and card renderer as the Lark bot, so the preview is the card Lark would receive; it never records questions,
// never subscribes anything and never changes state.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AnswerEngine, Router } from '../ports.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Reply, Retrieval } from '../reply/model.js';
import { REDACTED_TERM, type Scrubber } from '../knowledge/redact.js';
import { figureFactsJson } from '../reply/to-json.js';
import { sendApiError } from './api-error.js';
import {
  ASK_PATH,
  KNOWLEDGE_PATH,
  MAX_REQUEST_QUESTION_CHARS,
  type AskResponse,
  type KnowledgeCorrection,
  type KnowledgeIntegrityNote,
  type KnowledgeResponse,
} from './playground-api.js';

export interface PlaygroundDeps {
  router: Router;
  /** Null when the knowledge base failed to load: the page still opens and says so. */
  engine: AnswerEngine | null;
  /** The output scrub (the router given here already scrubs its replies; this covers the knowledge tab and retrieval details). */
  scrub: Scrubber;
  /** The Lark card renderer (`renderCard` from src/cards/render.ts). */
  renderCard: (reply: Reply) => unknown;
  /** Defaults to `engine.kb`. */
  kb?: KnowledgeBase;
  /** Why the knowledge base is unavailable (shown when `engine` is null). */
  knowledgeError?: string;
  /** The built page; defaults to `dist/web` in the project. */
  assetsDir?: string;
  /**
   * Refuse requests that do not come from this machine. Set it when the server listens on a public address (for
   * the Lark webhook) but the playground should stay local (PLAYGROUND_HOST=127.0.0.1).
   */
  loopbackOnly?: boolean;
  logger?: { error(obj: object, msg?: string): void };
}

export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));
export const BUILD_HINT = 'The playground page is not built. Run `npm run build` (it also runs on `npm install`), then reload.';

const AskBody = z.strictObject({ question: z.string().max(MAX_REQUEST_QUESTION_CHARS, { error: `question must be at most ${MAX_REQUEST_QUESTION_CHARS} characters` }) });

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function excerptAround(text: string, needle: string, radius = 40): string {
  const chars = [...text];
  const at = [...text.slice(0, Math.max(0, text.indexOf(needle)))].length;
  const start = Math.max(0, at - radius);
  const end = Math.min(chars.length, at + [...needle].length + radius);
  return `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
}

/** The knowledge tab: documents, outline, figures, integrity notes and corrections. Pure over the loaded base. */
export function knowledgeView(kb: KnowledgeBase, scrub: Scrubber): KnowledgeResponse {
  const view: KnowledgeResponse = { version: kb.version, documents: [], outline: [], figures: [], integrity: [], corrections: [], synonyms: kb.synonyms };
  for (const d of kb.documents) {
    const m = d.meta;
    const sectionPath = new Map(d.sections.map((s) => [s.id, s.path]));
    const sentences = new Map(d.sentences.map((s) => [s.id, s]));
    const paragraphSection = new Map(d.paragraphs.map((p) => [p.id, sectionPath.get(p.sectionId) ?? '']));
    view.documents.push({
      id: m.id,
      file: m.file,
      title: m.title,
      year: m.year,
      region: m.region ?? null,
      source: m.source ?? null,
      published: m.published ?? null,
      sha256: d.sha256,
      sections: d.sections.length,
      paragraphs: d.paragraphs.length,
      sentences: d.sentences.length,
      figures: d.figures.length,
    });
    view.outline.push({
      docId: m.id,
      title: m.title,
      year: m.year,
      sections: d.sections.map((s) => ({ id: s.id, number: s.number, title: s.title, path: s.path, depth: s.depth, kind: s.kind })),
    });
    for (const f of d.figures) {
      view.figures.push({
        id: f.id,
        docId: f.docId,
        ...figureFactsJson(f),
        section: sectionPath.get(f.sectionId) ?? '',
        sentence: sentences.get(f.sentenceId)?.text ?? '',
        corrected: sentences.get(f.sentenceId)?.corrected ?? false,
      });
    }
    for (const n of d.integrity) {
      const masked = n.resolution === 'corrected';
      view.integrity.push({
        docId: n.docId,
        paragraphId: n.paragraphId,
        section: paragraphSection.get(n.paragraphId) ?? '',
        term: masked ? REDACTED_TERM : n.term,
        masked,
        resolution: n.resolution,
        replacement: n.replacement ?? null,
        reason: n.reason,
        reviewer: n.reviewer,
        date: n.date,
      } satisfies KnowledgeIntegrityNote);
    }
    for (const p of d.paragraphs) {
      for (const c of p.corrections) {
        view.corrections.push({
          docId: p.docId,
          paragraphId: p.id,
          section: paragraphSection.get(p.id) ?? '',
          originalMasked: REDACTED_TERM,
          replacement: c.replacement,
          reason: c.reason,
          reviewer: c.reviewer,
          date: c.date,
          excerpt: excerptAround(p.text, c.replacement),
        } satisfies KnowledgeCorrection);
      }
    }
  }
  return scrub.value(view);
}

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/u;

/** An express Router: mount it at the root (`app.use(createPlaygroundRouter(deps))`). */
export function createPlaygroundRouter(deps: PlaygroundDeps): express.Router {
  const assetsDir = deps.assetsDir ?? DEFAULT_ASSETS_DIR;
  const kbOf = () => deps.kb ?? deps.engine?.kb ?? null;
  const cache = new WeakMap<KnowledgeBase, string>();
  const knowledgeJson = (): string => {
    const kb = kbOf();
    if (!kb) return '';
    let view = cache.get(kb);
    if (view === undefined) {
      view = JSON.stringify(knowledgeView(kb, deps.scrub));
      cache.set(kb, view);
    }
    return view;
  };

  const r = express.Router();

  r.use((req: Request, res: Response, next: NextFunction) => {
    if (deps.loopbackOnly && !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      // Not ours to answer: the playground stays invisible to other machines.
      if (req.path.startsWith('/api/playground/')) return sendApiError(res, 403, 'forbidden', 'The playground only answers on this machine (PLAYGROUND_HOST).');
      if (req.path === '/' || req.path === '/index.html' || req.path.startsWith('/assets/')) {
        res.status(403).type('text/plain').send('The playground only answers on this machine (PLAYGROUND_HOST).\n');
        return;
      }
      return next();
    }
    next();
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  api.get('/knowledge', (_req, res) => {
    const view = knowledgeJson();
    if (!view) return sendApiError(res, 503, 'knowledge_unavailable', `The knowledge base is not loaded${deps.knowledgeError ? `: ${deps.knowledgeError}` : ''}. See GET /healthz.`);
    res.type('application/json').send(view);
  });

  const requireJson = (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('application/json')) return sendApiError(res, 415, 'unsupported_media_type', 'Send JSON: Content-Type: application/json with {"question": "…"}.');
    next();
  };
  api.post('/ask', requireJson, express.json({ limit: '16kb', strict: true }), async (req, res) => {
    const parsed = AskBody.safeParse(req.body);
    if (!parsed.success) {
      return sendApiError(res, 400, 'invalid_request', `Send {"question": "…"} (a string, at most ${MAX_REQUEST_QUESTION_CHARS} characters): ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
    const t0 = performance.now();
    const reply = await deps.router.route({ text: parsed.data.question });
    const card = deps.renderCard(reply);
    let retrieval: Retrieval | null = null;
    if (deps.engine && (reply.kind === 'answer' || reply.kind === 'no_answer')) {
      retrieval = deps.scrub.value(reply.retrieval ?? deps.engine.ask(reply.question, { explain: true }).retrieval ?? null);
    }
    const body: AskResponse = {
      reply,
      card,
      cardBytes: Buffer.byteLength(JSON.stringify(card), 'utf8'),
      retrieval,
      ms: Math.round((performance.now() - t0) * 10) / 10,
    };
    res.type('application/json').send(JSON.stringify(body));
  });

  api.all('/{*rest}', (req, res) => sendApiError(res, req.method === 'GET' || req.method === 'POST' ? 404 : 405, 'not_found', 'Playground API: POST /api/playground/ask {"question"} or GET /api/playground/knowledge.'));

  api.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return sendApiError(res, 400, 'invalid_json', 'The body is not valid JSON. Send {"question": "…"}.');
    if (e.type === 'entity.too.large') return sendApiError(res, 413, 'too_large', 'The body is too large (at most 16 KB).');
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') return sendApiError(res, 415, 'unsupported_encoding', 'Send UTF-8 JSON.');
    deps.logger?.error({ err }, 'playground request failed');
    return sendApiError(res, 500, 'internal', 'The playground could not answer this request; see the server log.');
  });

  r.use('/api/playground', api);

  const page = (_req: Request, res: Response, next: NextFunction) => {
    const index = join(assetsDir, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send(`${BUILD_HINT}\n`);
      return;
    }
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-cache' });
    res.sendFile(index, (err) => {
      if (err) next(err);
    });
  };
  r.get(['/', '/index.html'], page);
  r.use(
    '/assets',
    express.static(join(assetsDir, 'assets'), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: '1y',
      setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    }),
  );
  return r;
}

/** True when the built page is there; the composition root warns with BUILD_HINT otherwise. */
export const playgroundBuilt = (assetsDir: string = DEFAULT_ASSETS_DIR) => existsSync(join(assetsDir, 'index.html'));

/** Hosts that mean "this machine only". */
export const isLoopbackHost = (host: string) => host === 'localhost' || LOOPBACK.test(host);

/** For `createApp({ mount })`: mounts the playground on the app. */
export function playgroundMount(deps: PlaygroundDeps): (app: Express) => void {
  const router = createPlaygroundRouter(deps);
  return (app) => void app.use(router);
}
