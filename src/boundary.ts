// Where input enters the core and the reply model leaves it, for every front end (Lark, /api/ask, the playground,
// the CLI). In: no text longer than MAX_QUESTION_CHARS reaches search or a command (a long `/metric` keyword
// costs CPU in proportion to its length, and the answering runs on the event loop that acks webhooks).
// Out: the reply is scrubbed of every lexicon term, once, before any renderer sees it.
import type { Scrubber } from './knowledge/redact.js';
import type { Router } from './ports.js';
import type { Reply } from './reply/model.js';
import { MAX_QUESTION_CHARS } from './router/router.js';

export const TOO_LONG: Reply = {
  kind: 'notice',
  level: 'warning',
  text: `问题太长了(超过 ${MAX_QUESTION_CHARS} 字)。请用一两句话提问,例如“行政执法决定公示了多少次?”。`,
};

export function boundaryRouter(router: Router, scrubber: Scrubber): Router {
  return {
    async route(input) {
      // Counted in UTF-16 units first: a cheap upper bound, so a huge text is never split into code points.
      if (input.text.length > MAX_QUESTION_CHARS && [...input.text].length > MAX_QUESTION_CHARS) return TOO_LONG;
      return scrubber.value(await router.route(input));
    },
  };
}
