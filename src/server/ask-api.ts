// POST /api/ask {"question": "…"} → the JSON contract of `npm run ask -- --json`. An admin route: it is served on
// the loopback admin listener in Lark mode. Its mistakes are its own (400/413/429 with a message), never counted
// as refused Lark events, and each caller is rate-limited so that no one can keep the answering CPU busy.
import express, { type ErrorRequestHandler, type Router as ExpressRouter } from 'express';
import type { Scrubber } from '../knowledge/redact.js';
import type { Router } from '../ports.js';
import { toAskJson } from '../reply/to-json.js';
import { isTooLong, MAX_QUESTION_CHARS } from '../limits.js';
import { sendApiError } from './api-error.js';
import type { RateLimiter } from './rate-limit.js';

export const ASK_BODY_LIMIT_BYTES = 64 * 1024;

export interface AskApiDeps {
  router: Router;
  knowledgeReady: () => boolean;
  scrub: Scrubber;
  /** Per caller (IP address); absent: no limit. */
  limiter?: RateLimiter;
}

export function createAskApi(deps: AskApiDeps): ExpressRouter {
  const r = express.Router();
  r.post(
    '/api/ask',
    (req, res, next) => {
      const wait = deps.limiter?.take(req.socket.remoteAddress ?? 'unknown') ?? 0;
      if (wait <= 0) return next();
      res.set('retry-after', String(Math.ceil(wait / 1000)));
      sendApiError(res, 429, 'rate_limited', `too many questions; try again in ${Math.ceil(wait / 1000)} s`);
    },
    express.json({ limit: ASK_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const q: unknown = (req.body as { question?: unknown } | undefined)?.question;
      if (typeof q !== 'string' || q.trim() === '') return sendApiError(res, 400, 'bad_request', 'send {"question": "..."}');
      // Refused before any answering work (src/boundary.ts would refuse it too, as a reply).
      if (isTooLong(q)) return sendApiError(res, 413, 'too_long', `a question is at most ${MAX_QUESTION_CHARS} characters`);
      if (!deps.knowledgeReady()) return sendApiError(res, 503, 'knowledge_unavailable', 'the knowledge base is not loaded');
      res.json(toAskJson(deps.scrub.text(q), await deps.router.route({ text: q })));
    },
  );
  const onError: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, next) => {
    if (err.type === 'entity.too.large') return sendApiError(res, 413, 'too_large', `body over ${ASK_BODY_LIMIT_BYTES / 1024} KB`);
    if (err.type === 'entity.parse.failed') return sendApiError(res, 400, 'malformed', 'body is not valid JSON; send {"question": "..."}');
    if (err.status !== undefined && err.status >= 400 && err.status < 500) return sendApiError(res, err.status, 'bad_request', 'send {"question": "..."} as UTF-8 JSON');
    next(err);
  };
  r.use('/api/ask', onError);
  return r;
}
