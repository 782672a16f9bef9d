// Lark events as Lark sends them (docs/DESIGN.md, "Lark facts"): envelopes for messages, card callbacks and
// bot-removed, plus signing and encryption exactly like Lark, and a small `push()` that POSTs one.
import crypto from 'node:crypto';

let seq = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(16)}${(++seq).toString(16).padStart(4, '0')}${crypto.randomBytes(4).toString('hex')}`;

export const TEST_APP_ID = 'cli_a1b2c3d4e5f60718';
export const TEST_TENANT = '2ca1d211f64f6438';
export const TEST_VERIFICATION_TOKEN = 'vtok-test-0123456789abcdef';
export const TEST_ENCRYPT_KEY = 'ekey-test-0123456789abcdef';
export const TEST_USER_OPEN_ID = 'ou_user0000000000000000000000000001';

export interface Envelope {
  schema: '2.0';
  header: { event_id: string; event_type: string; create_time: string; token: string; app_id: string; tenant_key: string };
  event: Record<string, unknown>;
}

export function envelope(eventType: string, event: Record<string, unknown>, opts: { eventId?: string; token?: string; createTime?: number } = {}): Envelope {
  return {
    schema: '2.0',
    header: {
      event_id: opts.eventId ?? unique('ev_'),
      event_type: eventType,
      create_time: String(opts.createTime ?? Date.now()),
      token: opts.token ?? TEST_VERIFICATION_TOKEN,
      app_id: TEST_APP_ID,
      tenant_key: TEST_TENANT,
    },
    event,
  };
}

export interface Mention {
  key: string;
  openId: string;
  name: string;
}

export interface MessageOptions {
  chatType?: 'p2p' | 'group';
  chatId?: string;
  messageId?: string;
  eventId?: string;
  messageType?: string;
  /** The content object (serialised to the JSON string Lark sends). */
  content?: unknown;
  /** Raw content string, used verbatim (for malformed content). */
  rawContent?: string;
  mentions?: Mention[];
  senderType?: string;
  senderOpenId?: string;
  createTime?: number;
  token?: string;
}

/** `im.message.receive_v1` with the fields Lark fills in. */
export function messageEvent(o: MessageOptions = {}): Envelope {
  const now = o.createTime ?? Date.now();
  return envelope(
    'im.message.receive_v1',
    {
      sender: {
        sender_id: { union_id: 'on_user0001', user_id: 'u0001', open_id: o.senderOpenId ?? TEST_USER_OPEN_ID },
        sender_type: o.senderType ?? 'user',
        tenant_key: TEST_TENANT,
      },
      message: {
        message_id: o.messageId ?? unique('om_'),
        root_id: '',
        parent_id: '',
        create_time: String(now),
        update_time: String(now),
        chat_id: o.chatId ?? (o.chatType === 'group' ? 'oc_group000000000000000000000001' : 'oc_p2p0000000000000000000000001'),
        chat_type: o.chatType ?? 'p2p',
        message_type: o.messageType ?? 'text',
        content: o.rawContent ?? JSON.stringify(o.content ?? { text: '' }),
        ...(o.mentions ? { mentions: o.mentions.map((m) => ({ key: m.key, id: { union_id: `on_${m.openId}`, user_id: '', open_id: m.openId }, name: m.name, tenant_key: TEST_TENANT })) } : {}),
      },
    },
    { eventId: o.eventId, token: o.token, createTime: now },
  );
}

/** A p2p text message. */
export const p2pText = (text: string, o: MessageOptions = {}) => messageEvent({ ...o, chatType: 'p2p', content: { text } });

/** A group text message that @mentions the bot (`@_user_1 text`). */
export function groupMention(text: string, botOpenId: string, o: MessageOptions = {}): Envelope {
  return messageEvent({ ...o, chatType: 'group', content: { text: `@_user_1 ${text}` }, mentions: [{ key: '@_user_1', openId: botOpenId, name: 'fazhi-bot' }] });
}

/** A group text message that @mentions somebody else. */
export function groupMentionOther(text: string, o: MessageOptions = {}): Envelope {
  return messageEvent({ ...o, chatType: 'group', content: { text: `@_user_1 ${text}` }, mentions: [{ key: '@_user_1', openId: 'ou_someone_else_000000000000000001', name: '张三' }] });
}

/** A `post` (rich text) message, received form: no locale wrapper. Mentions the bot when `botOpenId` is given. */
export function postMessage(paragraphs: string[], o: MessageOptions & { botOpenId?: string; title?: string } = {}): Envelope {
  const content = {
    title: o.title ?? '',
    content: paragraphs.map((p, i) => [
      ...(i === 0 && o.botOpenId ? [{ tag: 'at', user_id: '@_user_1', user_name: 'fazhi-bot', style: [] }] : []),
      { tag: 'text', text: p, style: [] },
    ]),
  };
  return messageEvent({
    ...o,
    chatType: o.chatType ?? (o.botOpenId ? 'group' : 'p2p'),
    messageType: 'post',
    content,
    ...(o.botOpenId ? { mentions: [{ key: '@_user_1', openId: o.botOpenId, name: 'fazhi-bot' }] } : {}),
  });
}

export const imageMessage = (o: MessageOptions = {}) => messageEvent({ ...o, messageType: 'image', content: { image_key: 'img_v2_0000' } });

/** `card.action.trigger` (callback schema 2.0) for a button whose callback value is `value`. */
export function cardAction(value: Record<string, unknown>, o: { openMessageId?: string; chatId?: string; operatorOpenId?: string; eventId?: string } = {}): Envelope {
  return envelope(
    'card.action.trigger',
    {
      operator: { open_id: o.operatorOpenId ?? TEST_USER_OPEN_ID, union_id: 'on_user0001', user_id: 'u0001', tenant_key: TEST_TENANT },
      token: `c-${crypto.randomBytes(8).toString('hex')}`,
      action: { value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: o.openMessageId ?? 'om_card0001', open_chat_id: o.chatId ?? 'oc_p2p0000000000000000000000001' },
    },
    { eventId: o.eventId, createTime: Date.now() * 1000 },
  );
}

/** `im.chat.member.bot.deleted_v1`: the bot was removed from a chat. */
export const botDeleted = (chatId: string, o: { eventId?: string } = {}) =>
  envelope('im.chat.member.bot.deleted_v1', { chat_id: chatId, operator_id: { open_id: TEST_USER_OPEN_ID }, external: false, operator_tenant_key: TEST_TENANT, name: 'test group' }, o);

/** `im.chat.member.bot.added_v1`: the bot was added to a chat. */
export const botAdded = (chatId: string, o: { eventId?: string } = {}) =>
  envelope('im.chat.member.bot.added_v1', { chat_id: chatId, operator_id: { open_id: TEST_USER_OPEN_ID }, external: false, operator_tenant_key: TEST_TENANT, name: 'test group' }, o);

/** The URL-verification request Lark sends when the request URL is saved. */
export const challenge = (value = unique('ch_'), token = TEST_VERIFICATION_TOKEN) => ({ challenge: value, token, type: 'url_verification' });

export function larkEncrypt(encryptKey: string, payload: unknown): string {
  const key = crypto.createHash('sha256').update(encryptKey).digest();
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, c.update(JSON.stringify(payload), 'utf8'), c.final()]).toString('base64');
}

export function larkSign(ts: string, nonce: string, encryptKey: string, rawBody: string): string {
  return crypto.createHash('sha256').update(ts + nonce + encryptKey + rawBody).digest('hex');
}

export interface Push {
  body: string;
  headers: Record<string, string>;
}

/** An encrypted, signed push exactly like Lark's. `timestampSec` lets a test send a stale one. */
export function encryptedPush(encryptKey: string, payload: unknown, o: { timestampSec?: number } = {}): Push {
  const body = JSON.stringify({ encrypt: larkEncrypt(encryptKey, payload) }); // compact, like Lark
  const ts = String(o.timestampSec ?? Math.floor(Date.now() / 1000));
  const nonce = crypto.randomBytes(8).toString('hex');
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': nonce, 'x-lark-signature': larkSign(ts, nonce, encryptKey, body) },
  };
}

/** An unencrypted, unsigned push (apps configured without an Encrypt Key). */
export const plainPush = (payload: unknown): Push => ({ body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });

/** POSTs a push to `${baseUrl}/webhook/event`; returns status, parsed body (or text) and the time it took. */
export async function push(baseUrl: string, p: Push): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/webhook/event`, { method: 'POST', headers: p.headers, body: p.body });
  const text = await res.text();
  const ms = performance.now() - t0;
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body, ms };
}
