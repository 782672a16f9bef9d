// POST /webhook/event: Lark events and card callbacks. Verify (raw-body signature or verification token),
// decrypt, decode, then either answer at once (challenge, card toast) or store the message in the durable inbox,
// queue it, and ack — the answer is produced after the HTTP response (Lark wants 200 within 3 s).
import type { RequestHandler, Response } from 'express';
import type { QuestionRecorder } from '../engine.js';
import { authenticate } from '../lark/authenticate.js';
import { parseMessage } from '../lark/parse-message.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { FeedbackStore } from '../state/feedback.js';
import type { Inbox } from '../state/inbox.js';
import type { AnswerJob } from './answer-job.js';
import type { WorkQueue } from './work-queue.js';

export interface WebhookDeps {
  encryptKey: string | null;
  verificationToken: string | null;
  /** The bot's own open_id (from bot/v3/info); null until known — group messages are then not answered. */
  botOpenId: () => string | null;
  inbox: Inbox;
  feedback: FeedbackStore;
  queue: WorkQueue<AnswerJob>;
  metrics: Metrics;
  logger: Logger;
  recorder?: QuestionRecorder;
  onBotRemoved?: (chatId: string) => void | Promise<void>;
  onBotAdded?: (chatId: string) => void | Promise<void>;
  isShuttingDown: () => boolean;
  now: () => number;
}

export function createWebhookHandler(d: WebhookDeps): RequestHandler {
  const refuse = (res: Response, status: number, reason: string, message: string) => {
    d.metrics.eventsRefused.inc({ reason });
    res.status(status).json({ error: reason, message });
  };
  const ack = (res: Response, type: string, body: object = {}) => {
    d.metrics.eventsAcked.inc({ type });
    res.status(200).json(body);
  };

  // The state could not store the event (database down): 503, so Lark redelivers it, rather than an ack for an
  // event that would be lost.
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (e) {
      if (res.headersSent) throw e;
      d.logger.error({ err: (e as Error).message }, 'state unavailable; event refused');
      refuse(res, 503, 'state_unavailable', 'state store unavailable; Lark will redeliver');
    }
  };

  async function handle(req: Parameters<RequestHandler>[0], res: Response): Promise<void> {
    if (d.isShuttingDown()) return refuse(res, 503, 'shutting_down', 'shutting down; Lark will redeliver');
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const auth = authenticate({ rawBody, headers: req.headers }, { encryptKey: d.encryptKey, verificationToken: d.verificationToken }, d.now());
    if (!auth.ok) return refuse(res, auth.status, auth.reason, auth.message);
    const inbound = auth.inbound;
    if (inbound.kind === 'challenge') {
      d.metrics.eventsReceived.inc({ type: 'url_verification' });
      return ack(res, 'url_verification', { challenge: inbound.challenge });
    }

    const now = d.now();
    switch (inbound.kind) {
      case 'message': {
        const type = 'im.message.receive_v1';
        d.metrics.eventsReceived.inc({ type });
        const m = inbound.event;
        const log = d.logger.child({ eventId: inbound.eventId, messageId: m.messageId, chatId: m.chatId });
        const parsed = parseMessage(m, d.botOpenId());
        if (parsed.kind === 'ignore' && parsed.reason === 'unknown_bot') {
          // Without its own open_id the bot cannot tell whether a group message is for it: let Lark redeliver later.
          return refuse(res, 503, 'bot_identity_unknown', 'bot identity not known yet (bot/v3/info); Lark will redeliver');
        }
        if (parsed.kind === 'ignore') {
          d.metrics.eventsRefused.inc({ reason: parsed.reason });
          log.debug({ reason: parsed.reason }, 'message ignored');
          return ack(res, type);
        }
        // Full: refuse before claiming, so Lark's redelivery is not mistaken for a duplicate.
        if (d.queue.full) return refuse(res, 503, 'queue_full', 'busy; Lark will redeliver');
        const key = `msg:${m.messageId}`;
        const job: AnswerJob = {
          key,
          eventId: inbound.eventId,
          messageId: m.messageId,
          chatId: m.chatId,
          chatType: m.chatType === 'group' ? 'group' : 'p2p',
          userId: m.senderOpenId,
          receivedAt: now,
          input: parsed.kind === 'text' ? { kind: 'text', text: parsed.text } : { kind: 'unsupported', messageType: parsed.messageType },
        };
        if ((await d.inbox.claim({ key, eventId: inbound.eventId, receivedAt: now, payload: job })) === 'duplicate') {
          d.metrics.eventsDeduplicated.inc({ type });
          log.info('redelivery ignored');
          return ack(res, type);
        }
        d.queue.offer(job, { force: true });
        log.debug({ input: job.input.kind }, 'accepted');
        return ack(res, type);
      }
      case 'card_action': {
        const type = 'card.action.trigger';
        d.metrics.eventsReceived.inc({ type });
        const v = inbound.action.value;
        const vote = v.vote === 'up' || v.vote === 'down' ? v.vote : null;
        if (v.action !== 'feedback' || !vote) return ack(res, type);
        const thanks = { toast: { type: 'success', content: vote === 'up' ? '感谢反馈!' : '感谢反馈,我们会改进答案。' } };
        if ((await d.inbox.claimEvent(inbound.eventId, now)) === 'duplicate') {
          d.metrics.eventsDeduplicated.inc({ type });
          return ack(res, type, thanks);
        }
        const messageId = (typeof v.mid === 'string' && v.mid) || inbound.action.openMessageId || '';
        const userId = inbound.action.operatorOpenId;
        await d.feedback.record({
          messageId,
          userId,
          vote,
          question: typeof v.q === 'string' ? v.q : '',
          sentenceId: typeof v.sid === 'string' ? v.sid : null,
          section: typeof v.sec === 'string' ? v.sec : null,
          chatId: inbound.action.chatId,
          at: now,
        });
        try {
          await d.recorder?.vote(messageId, vote, userId);
        } catch (e) {
          d.logger.warn({ err: (e as Error).message }, 'question recorder vote failed');
        }
        d.metrics.feedbackVotes.inc({ vote });
        return ack(res, type, thanks);
      }
      case 'bot_removed':
      case 'bot_added': {
        const removed = inbound.kind === 'bot_removed';
        const type = removed ? 'im.chat.member.bot.deleted_v1' : 'im.chat.member.bot.added_v1';
        d.metrics.eventsReceived.inc({ type });
        if ((await d.inbox.claimEvent(inbound.eventId, now)) === 'duplicate') {
          d.metrics.eventsDeduplicated.inc({ type });
          return ack(res, type);
        }
        try {
          await (removed ? d.onBotRemoved : d.onBotAdded)?.(inbound.chatId);
        } catch (e) {
          d.logger.warn({ err: (e as Error).message, chatId: inbound.chatId, type }, 'chat membership hook failed');
        }
        return ack(res, type);
      }
      case 'other':
        d.metrics.eventsReceived.inc({ type: inbound.eventType || 'unknown' });
        return ack(res, inbound.eventType || 'unknown');
    }
  }
}
