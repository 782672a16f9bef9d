// The digest's composition, for src/main.ts: subscriptions and digest log on the state database, the planner
// (questions checked against the answer engine when one is given), and the scheduler posting through the
// outbound path. Without Lark (local mode) `/digest` still works and nothing is scheduled.
import type { Database } from 'better-sqlite3';
import type { AnswerEngine, Today } from '../ports.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { LarkOutbound } from '../lark/outbound.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import { createDigestLog } from '../state/digest-log.js';
import { createSubscriptionStore, type DigestSubscriptions } from '../state/subscriptions.js';
import { createDigestPlanner } from './planner.js';
import { calendarForCron } from './rotation.js';
import { createDigestScheduler, type DigestScheduler } from './scheduler.js';
import { digestSendVia } from './send.js';
import { verifiedQuestions } from './verify-questions.js';

export interface DigestServiceOptions {
  db: Database;
  kb: KnowledgeBase;
  /** When given, suggested questions are the ones the bot answers from the digest's section. */
  engine?: Pick<AnswerEngine, 'ask'>;
  /** The outbound path; null or absent in local mode (no Lark credentials): nothing is scheduled. */
  outbound?: Pick<LarkOutbound, 'send'> | null;
  /** From the config: DIGEST_CRON, DIGEST_TZ, DIGEST_CHAT_IDS. */
  cron: string;
  timeZone: string;
  chatIds?: readonly string[];
  logger?: Logger;
  metrics?: Metrics;
  now?: () => number;
}

export interface DigestService {
  /** For the router: `/digest` shows exactly what the scheduled post shows (announcement included). */
  scheduler: DigestScheduler;
  subscriptions: DigestSubscriptions;
  today: Today;
  /** For the webhook: `im.chat.member.bot.deleted_v1` ends the chat's subscription. */
  onBotRemoved(chatId: string): void;
  /** For the webhook: `im.chat.member.bot.added_v1` (optional) lets a DIGEST_CHAT_IDS chat receive again. */
  onBotAdded(chatId: string): void;
  /** Starts the cron (only with an outbound path). */
  start(): void;
  stop(): Promise<void>;
}

export function createDigestService(o: DigestServiceOptions): DigestService {
  const subscriptions = createSubscriptionStore(o.db, { configChatIds: o.chatIds ?? [], now: o.now });
  const log = createDigestLog(o.db, { now: o.now });
  const planner = createDigestPlanner(o.kb, {
    calendar: calendarForCron(o.cron),
    ...(o.engine ? { answerSection: verifiedQuestions(o.engine) } : {}),
  });
  const outbound = o.outbound ?? null;
  const scheduler = createDigestScheduler({
    planner,
    subscriptions,
    log,
    send: outbound
      ? digestSendVia(outbound)
      : async () => {
          throw new Error('Lark is not configured: digests are not posted in local mode');
        },
    cron: o.cron,
    timeZone: o.timeZone,
    now: o.now,
    logger: o.logger,
    metrics: o.metrics,
  });
  return {
    scheduler,
    subscriptions,
    today: scheduler.today,
    onBotRemoved(chatId) {
      if (subscriptions.onBotRemoved(chatId, 'im.chat.member.bot.deleted_v1')) o.logger?.info({ chatId }, 'digest: bot removed from chat; subscription ended');
    },
    onBotAdded: (chatId) => subscriptions.onBotAdded(chatId),
    start() {
      if (!outbound) {
        o.logger?.info('digest: local mode (no Lark), the daily digest is not scheduled');
        return;
      }
      scheduler.start();
      o.logger?.info({ cron: o.cron, timeZone: o.timeZone, next: scheduler.nextRun()?.toISOString() ?? null, recipients: subscriptions.recipients().length }, 'digest scheduled');
    },
    stop: () => scheduler.stop(),
  };
}
