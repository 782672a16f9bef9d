// POST /webhook/event: the HTTP receiver for Lark events and card callbacks. Verify (raw-body signature or
// verification token), decrypt, decode, answer the URL-verification challenge itself, and hand everything else
// to the event pipeline; its outcome becomes the response (200 with the callback's answer, or 503 so Lark
// redelivers). Answers are produced after the response (Lark wants 200 within 3 s).
import type { RequestHandler, Response } from 'express';
import { authenticate } from '../lark/authenticate.js';
import type { Metrics } from '../obs/metrics.js';
import type { EventPipeline } from '../pipeline/event-pipeline.js';
import { sendApiError } from './api-error.js';

export interface WebhookDeps {
  encryptKey: string | null;
  verificationToken: string | null;
  pipeline: EventPipeline;
  metrics: Metrics;
  now: () => number;
}

export function createWebhookHandler(d: WebhookDeps): RequestHandler {
  const refuse = (res: Response, status: number, reason: string, message: string) => {
    d.metrics.eventsRefused.inc({ reason });
    sendApiError(res, status, reason, message);
  };
  const ack = (res: Response, type: string, body: object = {}) => {
    d.metrics.eventsAcked.inc({ type });
    res.status(200).json(body);
  };

  return async (req, res) => {
    if (d.pipeline.shuttingDown) return refuse(res, 503, 'shutting_down', 'shutting down; Lark will redeliver');
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const auth = authenticate({ rawBody, headers: req.headers }, { encryptKey: d.encryptKey, verificationToken: d.verificationToken }, d.now());
    if (!auth.ok) return refuse(res, auth.status, auth.reason, auth.message);
    const inbound = auth.inbound;
    if (inbound.kind === 'challenge') {
      d.metrics.eventsReceived.inc({ type: 'url_verification' });
      return ack(res, 'url_verification', { challenge: inbound.challenge });
    }
    const outcome = await d.pipeline.handle(inbound);
    if (outcome.ack) return ack(res, outcome.type, outcome.body);
    // Counted by the pipeline already.
    sendApiError(res, 503, outcome.reason, outcome.message);
  };
}
