// DESIGN principle 4: the bot never sends an injected term. Every reply surface (ask JSON, text, Lark card,
// text fallback) for every command, many questions and two months of digests, through the real parts.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCard, renderText } from '../../src/cards/render.js';
import { createDigestPlanner } from '../../src/digest/planner.js';
import type { Router } from '../../src/ports.js';
import { injectedTerms } from '../../src/knowledge/redact.js';
import type { Reply } from '../../src/reply/model.js';
import { toAskJson } from '../../src/reply/to-json.js';
import { toText } from '../../src/reply/to-text.js';
import { createRouter } from '../../src/router/router.js';
import { createAnswerEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';

let router: Router;
let today = '2026-12-01';
let banned: string[];

// What the user typed may be echoed back (the JSON `question`, "results for …"); everything else must be clean.
const surfaces = (q: string, r: Reply) => {
  const echo = q.replace(/^\/\S+\s*/u, '');
  const out = [JSON.stringify(toAskJson(q, r)), toText(r), JSON.stringify(renderCard(r)), renderText(r)].join('\n');
  return echo ? out.split(q).join('').split(echo).join('') : out;
};

beforeAll(() => {
  const kb = shippedKb();
  banned = injectedTerms(kb);
  router = createRouter({ engine: createAnswerEngine(kb), digest: createDigestPlanner(kb), today: () => today });
});

describe('injected terms never reach a user', () => {
  it('the shipped knowledge has an injected term to guard against', () => {
    expect(banned).toContain('沙巴体育');
  });

  it('in any command reply', async () => {
    for (const cmd of ['/help', '/metric', '/metric 政务服务', '/metric 一网通办', '/search 政务服务', '/search 沙巴体育', '/search 自助办', '/outline', '/source', '/来源', '/digest']) {
      const out = surfaces(cmd, await router.route({ text: cmd }));
      for (const t of banned) expect(out, cmd).not.toContain(t);
    }
  });

  it('in the digest of any date', async () => {
    for (let i = 0; i < 60; i++) {
      today = new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10);
      const out = surfaces('/digest', await router.route({ text: '/摘要' }));
      for (const t of banned) expect(out, today).not.toContain(t);
    }
  });

  it('in the answer to any question, even one that names the term (property)', async () => {
    const words = fc.constantFrom('政务服务', '一网通办', '四免', '自助办', '两减一即', '沙巴体育', '审批', '能力', '排名', '怎么样', '多少', '全省前列');
    await fc.assert(
      fc.asyncProperty(fc.array(words, { minLength: 1, maxLength: 5 }), async (ws) => {
        const q = ws.join('');
        const out = surfaces(q, await router.route({ text: q }));
        for (const t of banned) expect(out).not.toContain(t);
      }),
      { numRuns: 150 },
    );
  });
});
