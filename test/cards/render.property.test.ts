import { createScrubber } from '../../src/knowledge/redact.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCard, renderText } from '../../src/cards/render.js';
import { escapeMd } from '../../src/cards/markdown.js';
import { decodeInbound } from '../../src/lark/decode.js';
import { parseMessage, type ParsedMessage } from '../../src/lark/parse-message.js';
import { cardProblems } from '../helpers/card-check.js';
import { reply, richText } from '../helpers/reply-arbitraries.js';

describe('renderCard (property)', () => {
  it('gives valid v2 card JSON under 30 KB for any reply model', () => {
    fc.assert(
      fc.property(reply, fc.option(fc.string({ maxLength: 60 }), { nil: undefined }), (r, mid) => {
        const card = renderCard(r, mid === undefined ? {} : { questionMessageId: mid });
        const json = JSON.stringify(card);
        expect(JSON.parse(json)).toEqual(card);
        expect(cardProblems(card)).toEqual([]);
        const text = renderText(r);
        expect(typeof text).toBe('string');
        expect(Buffer.byteLength(text)).toBeLessThan(150 * 1024);
      }),
      { numRuns: 300 },
    );
  });

  it('never sends a corrected (injected) term, in the card or the text, once the reply has left the core scrubbed', () => {
    fc.assert(
      fc.property(reply, (unscrubbed) => {
        const r = unscrubbed;
        const banned =
          r.kind === 'answer' || r.kind === 'search'
            ? r.citations.flatMap((c) => c.corrections.map((x) => x.original))
            : r.kind === 'source'
              ? r.documents.flatMap((d) => d.integrity.map((n) => n.term))
              : [];
        const scrubbed = createScrubber(banned.filter((b) => /^\p{Script=Han}{2,}$/u.test(b))).value(r);
        const card = JSON.stringify(renderCard(scrubbed));
        const text = renderText(scrubbed);
        // Spam terms are Chinese words; shorter or ASCII strings may legitimately occur in the card's own wording.
        for (const t of banned.filter((b) => /^\p{Script=Han}{2,}$/u.test(b))) {
          expect(card).not.toContain(t);
          expect(text).not.toContain(t);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('escapes every markdown character of user text and keeps it readable', () => {
    fc.assert(
      fc.property(richText(500), (s) => {
        const e = escapeMd(s);
        expect(e).not.toMatch(/[*_~[\]()<>|`\\!:{}\n]/u);
        expect(e.replace(/&#(\d+);/gu, (_m, n: string) => String.fromCodePoint(Number(n)))).toBe(s.replace(/\r?\n|\r/gu, ' '));
      }),
    );
  });
});

describe('message parser (property)', () => {
  const kinds: ParsedMessage['kind'][] = ['ignore', 'text', 'unsupported'];
  it('never throws on any content string, type or mentions', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), richText(400), fc.constant('{"text":null}'), fc.constant('{"content":[[{"tag":"text"}],null,7]}')),
        fc.constantFrom('text', 'post', 'image', 'file', 'sticker', '', 'interactive'),
        fc.constantFrom('p2p', 'group', 'topic', ''),
        fc.array(fc.record({ key: fc.string(), openId: fc.option(fc.string(), { nil: null }), name: fc.string() }), { maxLength: 4 }),
        fc.constantFrom('user', 'app', ''),
        (content, messageType, chatType, mentions, senderType) => {
          const m = { senderType, senderOpenId: 'ou_1', messageId: 'om_1', chatId: 'oc_1', chatType, messageType, content, mentions, createTime: null };
          const p = parseMessage(m, 'ou_bot');
          expect(kinds).toContain(p.kind);
          if (p.kind === 'text') expect(p.text).not.toMatch(/@_user_\d+/u);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes any JSON value without throwing', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => void decodeInbound(v)));
    fc.assert(fc.property(fc.anything(), (v) => void decodeInbound(v)));
  });
});
