// The digest at run time, over parts that src/main.ts builds: the cron runs only when digests can be posted
// (with Lark); without it `/digest` still works and nothing is scheduled. Membership events end or restore a
// chat's subscription.
import type { Today } from '../ports.js';
import type { Logger } from '../obs/logger.js';
import type { DigestSubscriptions } from '../state/ports.js';
import type { DigestScheduler } from './scheduler.js';

export interface DigestServiceParts {
  scheduler: DigestScheduler;
  /** The subscription store (SQLite or PostgreSQL); DIGEST_CHAT_IDS are its configuration. */
  subscriptions: DigestSubscriptions;
  /** False in local mode (no Lark credentials): nothing is scheduled. */
  posting: boolean;
  /** DIGEST_CRON and DIGEST_TZ, for the start-up log line. */
  schedule: { cron: string; timeZone: string };
  logger?: Logger;
}

export interface DigestService {
  /** For the router: `/digest` shows exactly what the scheduled post shows (announcement included). */
  scheduler: DigestScheduler;
  subscriptions: DigestSubscriptions;
  today: Today;
  /** For the webhook: `im.chat.member.bot.deleted_v1` ends the chat's subscription. */
  onBotRemoved(chatId: string): Promise<void>;
  /** For the webhook: `im.chat.member.bot.added_v1` (optional) lets a DIGEST_CHAT_IDS chat receive again. */
  onBotAdded(chatId: string): Promise<void>;
  /** Starts the cron (only when posting). */
  start(): void;
  stop(): Promise<void>;
}

export function createDigestService({ scheduler, subscriptions, posting, schedule, logger }: DigestServiceParts): DigestService {
  return {
    scheduler,
    subscriptions,
    today: scheduler.today,
    async onBotRemoved(chatId) {
      if (await subscriptions.onBotRemoved(chatId, 'im.chat.member.bot.deleted_v1')) logger?.info({ chatId }, 'digest: bot removed from chat; subscription ended');
    },
    onBotAdded: (chatId) => subscriptions.onBotAdded(chatId),
    start() {
      if (!posting) {
        logger?.info('digest: local mode (no Lark), the daily digest is not scheduled');
        return;
      }
      scheduler.start();
      logger?.info({ ...schedule, next: scheduler.nextRun()?.toISOString() ?? null }, 'digest scheduled');
    },
    stop: () => scheduler.stop(),
  };
}
