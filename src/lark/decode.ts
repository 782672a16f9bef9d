// A parsed (and decrypted) webhook body → one flat, typed inbound event. Pure; never throws on odd input.
// Nothing past this module sees Lark's envelope.
import { isObj, type JsonObject } from './json.js';

export type Inbound =
  | { kind: 'challenge'; challenge: string; token: string | null }
  | { kind: 'message'; eventId: string; token: string | null; event: MessageEvent }
  | { kind: 'card_action'; eventId: string; token: string | null; action: CardAction }
  | { kind: 'bot_removed'; eventId: string; token: string | null; chatId: string }
  | { kind: 'bot_added'; eventId: string; token: string | null; chatId: string }
  | { kind: 'other'; eventId: string | null; token: string | null; eventType: string };

export interface MessageEvent {
  senderType: string;
  senderOpenId: string | null;
  messageId: string;
  chatId: string;
  chatType: string;
  messageType: string;
  content: string;
  mentions: { key: string; openId: string | null; name: string }[];
  createTime: number | null;
}

export interface CardAction {
  operatorOpenId: string | null;
  value: Record<string, unknown>;
  openMessageId: string | null;
  chatId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): JsonObject => (isObj(v) ? v : {});

/** Decodes a webhook body; `null` when it is not a Lark event at all. */
export function decodeInbound(body: unknown): Inbound | null {
  if (!isObj(body)) return null;
  if (body.type === 'url_verification' && typeof body.challenge === 'string') {
    return { kind: 'challenge', challenge: body.challenge, token: str(body.token) };
  }
  if (body.schema !== '2.0' || !isObj(body.header)) return null;
  const h = body.header;
  const eventType = str(h.event_type) ?? '';
  const eventId = str(h.event_id);
  const token = str(h.token);
  const ev = obj(body.event);
  if (!eventId) return null;
  switch (eventType) {
    case 'im.message.receive_v1': {
      const m = obj(ev.message);
      const sender = obj(ev.sender);
      const messageId = str(m.message_id);
      const chatId = str(m.chat_id);
      if (!messageId || !chatId) return null;
      const mentions = Array.isArray(m.mentions)
        ? m.mentions.filter(isObj).map((x) => ({ key: str(x.key) ?? '', openId: str(obj(x.id).open_id), name: str(x.name) ?? '' }))
        : [];
      const created = Number(str(m.create_time));
      return {
        kind: 'message',
        eventId,
        token,
        event: {
          senderType: str(sender.sender_type) ?? '',
          senderOpenId: str(obj(sender.sender_id).open_id),
          messageId,
          chatId,
          chatType: str(m.chat_type) ?? '',
          messageType: str(m.message_type) ?? '',
          content: str(m.content) ?? '',
          mentions,
          createTime: Number.isFinite(created) && created > 0 ? created : null,
        },
      };
    }
    case 'card.action.trigger': {
      const action = obj(ev.action);
      const ctx = obj(ev.context);
      return {
        kind: 'card_action',
        eventId,
        token,
        action: { operatorOpenId: str(obj(ev.operator).open_id), value: obj(action.value), openMessageId: str(ctx.open_message_id), chatId: str(ctx.open_chat_id) },
      };
    }
    case 'im.chat.member.bot.deleted_v1': {
      const chatId = str(ev.chat_id);
      return chatId ? { kind: 'bot_removed', eventId, token, chatId } : { kind: 'other', eventId, token, eventType };
    }
    case 'im.chat.member.bot.added_v1': {
      const chatId = str(ev.chat_id);
      return chatId ? { kind: 'bot_added', eventId, token, chatId } : { kind: 'other', eventId, token, eventType };
    }
    default:
      return { kind: 'other', eventId, token, eventType };
  }
}
