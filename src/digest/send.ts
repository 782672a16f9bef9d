// The digest's way out: the same throttled, retrying outbound path as replies, with the card and its text
// fallback rendered from the reply model.
import { renderCard, renderText } from '../cards/render.js';
import type { Scrubber } from '../knowledge/redact.js';
import type { LarkOutbound } from '../lark/outbound.js';
import type { DigestSend } from './scheduler.js';

/** The digest's sender; with no outbound path (local mode) every send fails, and nothing is scheduled anyway. */
export function digestSendVia(outbound: Pick<LarkOutbound, 'send'> | null, scrubber?: Scrubber): DigestSend {
  if (!outbound) {
    return async () => {
      throw new Error('Lark is not configured: digests are not posted in local mode');
    };
  }
  return async ({ chatId, digest, uuid }) => {
    const reply = scrubber ? scrubber.value({ kind: 'digest', digest } as const) : ({ kind: 'digest', digest } as const);
    const res = await outbound.send(chatId, { card: renderCard(reply), text: renderText(reply) }, uuid);
    return { messageId: res.messageId };
  };
}
