// `npm run ask -- [--json] [--knowledge DIR] [QUESTION]`: answers one question, or one per line from stdin.
import { createInterface } from 'node:readline';
import { DEFAULT_HOME_REGION } from '../config.js';
import { dateIn } from '../digest/dates.js';
import { calendarForCron } from '../digest/rotation.js';
import { verifiedPlanner } from '../digest/verify-questions.js';
import { injectedTerms, redactText } from '../knowledge/redact.js';
import { toAskJson } from '../reply/to-json.js';
import { toText } from '../reply/to-text.js';
import { createRouter } from '../router/router.js';
import { openAnswerEngine } from '../search/open.js';
import { loadKnowledgeOrExit, parseCliArgs, runCli, toolConfig } from './common.js';

const USAGE = 'usage: npm run ask -- [--json] [--knowledge DIR] [QUESTION]   (no QUESTION: one question per line from stdin)';

async function main(): Promise<number> {
  const args = parseCliArgs(USAGE, {
    options: { json: { type: 'boolean', default: false }, knowledge: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  const { kb } = loadKnowledgeOrExit(args.values.knowledge);
  const { engine, note } = openAnswerEngine(kb, { homeRegion: process.env.HOME_REGION?.trim() || DEFAULT_HOME_REGION });
  if (note) console.error(`note: ${note}`);
  const injected = injectedTerms(kb);
  // The same planner as the server's, so `/digest` here shows what the chats get.
  const { cron, timeZone } = toolConfig().digest;
  const digest = verifiedPlanner(kb, engine, calendarForCron(cron));
  const router = createRouter({ engine, digest, today: () => dateIn(timeZone, Date.now()) });

  const answer = async (question: string) => {
    const reply = await router.route({ text: question });
    const out = args.values.json ? JSON.stringify(toAskJson(question, reply)) : `${toText(reply)}\n`;
    // Last line of defence: whatever a reply holds, an injected term never reaches the terminal.
    console.log(redactText(out, injected));
  };

  const question = args.positionals.join(' ').trim();
  if (question) {
    await answer(question);
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) await answer(line.trim());
  }
  return 0;
}

runCli('ask', main);
