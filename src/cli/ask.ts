// `npm run ask -- [--json] [--knowledge DIR] [QUESTION]`: answers one question, or one per line from stdin.
import { createInterface } from 'node:readline';
import { dateIn } from '../digest/dates.js';
import { calendarForCron } from '../digest/rotation.js';
import { verifiedPlanner } from '../digest/verify-questions.js';
import { boundaryRouter } from '../boundary.js';
import { scrubberForKnowledge } from '../knowledge/redact.js';
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
  const { engine, note } = openAnswerEngine(kb, { homeRegion: toolConfig().homeRegion });
  if (note) console.error(`note: ${note}`);
  // The same planner as the server's, so `/digest` here shows what the chats get.
  const { cron, timeZone } = toolConfig().digest;
  const digest = verifiedPlanner(kb, engine, calendarForCron(cron));
  const scrubber = scrubberForKnowledge(kb.dir);
  // Replies leave the core scrubbed of every lexicon term, the question's echo included.
  const router = boundaryRouter(createRouter({ engine, digest, today: () => dateIn(timeZone, Date.now()) }), scrubber);

  const answer = async (question: string) => {
    const reply = await router.route({ text: question });
    console.log(args.values.json ? JSON.stringify(toAskJson(scrubber.text(question), reply)) : `${toText(reply)}\n`);
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
