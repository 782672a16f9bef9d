import { describe, expect, it } from 'vitest';
import { decodeInbound, type MessageEvent } from '../../src/lark/decode.js';
import { parseMessage } from '../../src/lark/parse-message.js';
import { groupMention, imageMessage, messageEvent, p2pText, postMessage } from '../helpers/lark-events.js';

const BOT = 'ou_bot_self';
const eventOf = (e: unknown): MessageEvent => {
  const d = decodeInbound(e);
  if (d?.kind !== 'message') throw new Error('not a message');
  return d.event;
};

describe('parseMessage', () => {
  it('p2p text: the text', () => {
    expect(parseMessage(eventOf(p2pText('/metric 调解')), BOT)).toEqual({ kind: 'text', text: '/metric 调解' });
  });

  it('group: answers only when its own open_id is mentioned, and strips every placeholder', () => {
    expect(parseMessage(eventOf(groupMention('调解成功率?', BOT)), BOT)).toEqual({ kind: 'text', text: '调解成功率?' });
    const two = messageEvent({
      chatType: 'group',
      content: { text: '@_user_2 你看 @_user_1 调解成功率 @_all' },
      mentions: [
        { key: '@_user_1', openId: BOT, name: 'fazhi-bot' },
        { key: '@_user_2', openId: 'ou_other', name: '张三' },
      ],
    });
    expect(parseMessage(eventOf(two), BOT)).toEqual({ kind: 'text', text: '你看 调解成功率' });
    // Same display name, different open_id: not for us.
    const lookalike = messageEvent({ chatType: 'group', content: { text: '@_user_1 hi' }, mentions: [{ key: '@_user_1', openId: 'ou_x', name: 'fazhi-bot' }] });
    expect(parseMessage(eventOf(lookalike), BOT)).toEqual({ kind: 'ignore', reason: 'not_mentioned' });
    expect(parseMessage(eventOf(groupMention('hi', BOT)), null)).toEqual({ kind: 'ignore', reason: 'unknown_bot' });
  });

  it('post: title and paragraphs of text and links, @ removed; also with a locale wrapper', () => {
    expect(parseMessage(eventOf(postMessage(['调解', '成功率'], { botOpenId: BOT, title: '问题' })), BOT)).toEqual({ kind: 'text', text: '问题\n调解\n成功率' });
    const wrapped = messageEvent({ messageType: 'post', content: { zh_cn: { title: '', content: [[{ tag: 'text', text: '行政复议' }, { tag: 'a', text: '链接', href: 'https://x' }]] } } });
    expect(parseMessage(eventOf(wrapped), BOT)).toEqual({ kind: 'text', text: '行政复议链接' });
  });

  it('other types get a hint; apps and bots are ignored', () => {
    expect(parseMessage(eventOf(imageMessage()), BOT)).toEqual({ kind: 'unsupported', messageType: 'image' });
    expect(parseMessage(eventOf(p2pText('hi', { senderType: 'app' })), BOT)).toEqual({ kind: 'ignore', reason: 'not_user' });
  });

  it('broken content is an empty question, not a crash', () => {
    expect(parseMessage(eventOf(messageEvent({ rawContent: '{not json' })), BOT)).toEqual({ kind: 'text', text: '' });
  });
});
