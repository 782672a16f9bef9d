// One accepted message → one reply: route the text, render the card, reply with the message's uuid, then mark
// the inbox entry done. A reply that fails after the outbound retries is recorded in failed_replies.
import type { QuestionRecorder, Router } from '../ports.js';
import { renderCard, renderText } from '../cards/render.js';
import { LarkApiError } from '../lark/errors.js';
import { replyUuid, type LarkOutbound } from '../lark/outbound.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import type { Reply } from '../reply/model.js';
import type { FailedReplies } from '../state/failed-replies.js';
import type { Inbox } from '../state/inbox.js';

/** What the inbox stores for a message (JSON), enough to answer it after a restart. */
export interface AnswerJob {
  key: string;
  eventId: string;
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  userId: string | null;
  receivedAt: number;
  input: { kind: 'text'; text: string } | { kind: 'unsupported'; messageType: string };
}

export interface AnswerJobDeps {
  router: Router;
  outbound: LarkOutbound;
  inbox: Inbox;
  failedReplies: FailedReplies;
  metrics: Metrics;
  logger: Logger;
  recorder?: QuestionRecorder;
  onBotRemoved?: (chatId: string) => void | Promise<void>;
  /** Re-queues the job after a delay (transient Lark failures that outlived the outbound retries). */
  retryLater?: (job: AnswerJob) => void;
  /** True when this process took or renewed the job's lease so recently that it cannot have passed to another. */
  leaseFresh?: (key: string) => boolean;
  now: () => number;
}

/** Transient failures are retried later for this long after the event arrived (the resume window). */
export const RETRY_WINDOW_MS = 30 * 60 * 1000;
export const MAX_LATER_ATTEMPTS = 5;

export const UNSUPPORTED_HINT = '我目前只能读文字消息。请直接用文字提问,例如“全市调解组织调解案件成功率是多少?”,或发送 /help 查看命令。';

const resultOf = (r: Reply) => (r.kind === 'answer' ? 'answered' : r.kind === 'no_answer' ? 'no_answer' : r.kind === 'notice' ? 'notice' : 'command');

export async function answerJob(job: AnswerJob, deps: AnswerJobDeps): Promise<void> {
  const log = deps.logger.child({ eventId: job.eventId, messageId: job.messageId, chatId: job.chatId });
  // Another replica took the entry over (this one was too slow, or the entry is answered already): leave it.
  if (!deps.leaseFresh?.(job.key) && !(await deps.inbox.renew(job.key))) {
    log.info('answered elsewhere; skipped');
    return;
  }
  let reply: Reply;
  try {
    reply =
      job.input.kind === 'unsupported'
        ? { kind: 'notice', level: 'info', text: UNSUPPORTED_HINT }
        : await deps.router.route({ text: job.input.text, chat: { chatId: job.chatId, chatType: job.chatType, ...(job.userId ? { userId: job.userId } : {}) } });
  } catch (e) {
    log.error({ err: (e as Error).message }, 'router failed');
    reply = { kind: 'notice', level: 'error', text: '抱歉,处理这个问题时出错了。请稍后再试,或发送 /help 查看命令。' };
  }
  const question = job.input.kind === 'text' ? job.input.text : `[${job.input.messageType}]`;
  try {
    const sent = await deps.outbound.reply(job.messageId, { card: renderCard(reply, { questionMessageId: job.messageId }), text: renderText(reply) }, replyUuid(job.messageId), {
      chatId: job.chatId,
    });
    await deps.inbox.markDone(job.key);
    const latencyMs = deps.now() - job.receivedAt;
    deps.metrics.answers.inc({ result: resultOf(reply) });
    deps.metrics.answerLatency.observe({ kind: reply.kind }, latencyMs / 1000);
    log.info({ kind: reply.kind, format: sent.format, latencyMs }, 'replied');
    if ((reply.kind === 'answer' || reply.kind === 'no_answer') && deps.recorder) {
      const top = reply.kind === 'answer' ? reply.citations[0] : undefined;
      try {
        await deps.recorder.record({
          at: job.receivedAt,
          chatId: job.chatId,
          userId: job.userId,
          messageId: job.messageId,
          text: question,
          answered: reply.kind === 'answer',
          topScore: reply.retrieval?.topScore ?? top?.score ?? 0,
          latencyMs,
          sentenceId: top?.sentenceIds[0] ?? null,
        });
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'question recorder failed');
      }
    }
  } catch (e) {
    const err = e instanceof LarkApiError ? e : null;
    const message = e instanceof Error ? e.message : String(e);
    // Lark still rate-limiting or unreachable after the outbound retries: try again later rather than give up
    // (bounded by attempts and by the resume window; the entry stays pending, so a restart resumes it too).
    if (err?.retryable && deps.retryLater && deps.now() - job.receivedAt < RETRY_WINDOW_MS && (await deps.inbox.addAttempt(job.key)) <= MAX_LATER_ATTEMPTS) {
      log.warn({ code: err.code, status: err.status }, 'reply failed for now; will retry later');
      deps.retryLater(job);
      return;
    }
    await deps.failedReplies.record({ at: deps.now(), messageId: job.messageId, chatId: job.chatId, question, errorCode: err?.code ?? null, error: message });
    await deps.inbox.markFailed(job.key, message);
    deps.metrics.answers.inc({ result: 'failed' });
    log.error({ code: err?.code ?? null, status: err?.status ?? null }, 'reply failed; recorded in failed_replies');
    if (err?.chatGone) await deps.onBotRemoved?.(job.chatId);
  }
}
