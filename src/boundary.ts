// Where input enters the core and the reply model leaves it, for every front end (Lark, /api/ask, the playground,
// the CLI). In: no text longer than MAX_QUESTION_CHARS reaches search or a command (a long `/metric` keyword
// costs CPU in proportion to its length, and the answering runs on the event loop that acks webhooks).
// Out: the reply is scrubbed of every lexicon term, once, before any renderer sees it.
import type { Scrubber } from './knowledge/redact.js';
import type { Router } from './ports.js';
import { isTooLong } from './limits.js';
import { TOO_LONG } from './router/router.js';

export function boundaryRouter(router: Router, scrubber: Scrubber): Router {
  return {
    async route(input) {
      if (isTooLong(input.text)) return TOO_LONG;
      return scrubber.value(await router.route(input));
    },
  };
}
