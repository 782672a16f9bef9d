// `npm run ask -- [--json] [--knowledge DIR] [QUESTION]`: answers one question, or one per line from stdin.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { dateIn } from '../clock.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { toAskJson } from '../reply/to-json.js';
import { toText } from '../reply/to-text.js';
import { createRouter } from '../router/router.js';
import { createDigestPlanner } from '../digest/planner.js';
import { calendarForCron } from '../digest/rotation.js';
import { verifiedQuestions } from '../digest/verify-questions.js';
import { injectedTerms, redactText } from '../knowledge/redact.js';
import { openAnswerEngine } from '../search/open.js';

const USAGE = 'usage: npm run ask -- [--json] [--knowledge DIR] [QUESTION]   (no QUESTION: one question per line from stdin)';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { json: { type: 'boolean', default: false }, knowledge: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const dir = args.values.knowledge ?? process.env.KNOWLEDGE_DIR ?? 'knowledge';
  let router;
  let injected: string[];
  try {
    const { kb, warnings } = loadKnowledge(dir);
    for (const w of warnings) console.error(`warning: ${w}`);
    const { engine, note } = openAnswerEngine(kb);
    if (note) console.error(`note: ${note}`);
    injected = injectedTerms(kb);
    // The same planner as the server's, so `/digest` here shows what the chats get.
    const digest = createDigestPlanner(kb, { calendar: calendarForCron(process.env.DIGEST_CRON || '0 9 * * 1-5'), answerSection: verifiedQuestions(engine) });
    router = createRouter({ engine, digest, today: () => dateIn(process.env.DIGEST_TZ || 'Asia/Shanghai') });
  } catch (e) {
    if (e instanceof KnowledgeError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }

  const answer = (question: string) => {
    const reply = router.route({ text: question });
    const out = args.values.json ? JSON.stringify(toAskJson(question, reply)) : `${toText(reply)}\n`;
    // Last line of defence: whatever a reply holds, an injected term never reaches the terminal.
    console.log(redactText(out, injected));
  };

  const question = args.positionals.join(' ').trim();
  if (question) {
    answer(question);
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) answer(line.trim());
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`ask failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
