// A received message → what the bot should do with it. Pure, total: never throws, whatever the content string.
// Groups: only when the bot's own open_id is among the mentions (never by display name); senders that are not
// users (apps, bots) are ignored; text and post are read, @ placeholders stripped; other types get a hint.
import type { MessageEvent } from './decode.js';
import { isObj } from './json.js';

export type ParsedMessage =
  | { kind: 'ignore'; reason: 'not_user' | 'not_mentioned' | 'unknown_bot' | 'unknown_chat_type' }
  | { kind: 'text'; text: string }
  | { kind: 'unsupported'; messageType: string };


function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Text of a received `post`: title, then paragraphs of text/a/code nodes (with or without a locale wrapper). */
export function postText(content: unknown): string {
  if (!isObj(content)) return '';
  let body: Record<string, unknown> = content;
  if (!Array.isArray(body.content)) {
    const locale = Object.values(body).find((v) => isObj(v) && Array.isArray(v.content));
    if (!isObj(locale)) return '';
    body = locale;
  }
  const paragraphs = Array.isArray(body.content) ? body.content : [];
  const lines = paragraphs.map((p) =>
    Array.isArray(p)
      ? p
          .filter(isObj)
          .map((n) => (['text', 'a', 'code_block', 'md'].includes(String(n.tag)) && typeof n.text === 'string' ? n.text : ''))
          .join('')
      : '',
  );
  const title = typeof body.title === 'string' ? body.title.trim() : '';
  return [title, ...lines].filter((l) => l.trim() !== '').join('\n');
}

/** Removes every mention placeholder (`@_user_1`, `@_all`) and tidies the spaces. */
export function stripMentions(text: string, keys: readonly string[]): string {
  let out = text;
  for (const k of [...keys].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(k).join(' ');
  return out.replace(/@_all\b|@_user_\d+/gu, ' ').replace(/[ \t\u00a0\u3000]+/gu, ' ').trim();
}

export function parseMessage(m: MessageEvent, botOpenId: string | null): ParsedMessage {
  if (m.senderType !== 'user') return { kind: 'ignore', reason: 'not_user' };
  if (m.chatType === 'group') {
    if (!botOpenId) return { kind: 'ignore', reason: 'unknown_bot' };
    if (!m.mentions.some((x) => x.openId === botOpenId)) return { kind: 'ignore', reason: 'not_mentioned' };
  } else if (m.chatType !== 'p2p') {
    return { kind: 'ignore', reason: 'unknown_chat_type' };
  }
  const keys = m.mentions.map((x) => x.key);
  const content = safeJson(m.content);
  switch (m.messageType) {
    case 'text': {
      const text = isObj(content) && typeof content.text === 'string' ? content.text : '';
      return { kind: 'text', text: stripMentions(text, keys) };
    }
    case 'post':
      return { kind: 'text', text: stripMentions(postText(content), keys) };
    default:
      return { kind: 'unsupported', messageType: m.messageType || 'unknown' };
  }
}
