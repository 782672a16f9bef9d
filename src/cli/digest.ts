// `npm run digest -- --dry-run [--json] [--date YYYY-MM-DD] [--knowledge DIR] [--known ID,…]`: prints the digest
// for a date. The CLI never posts (the server does, on its schedule); the same date always prints the same digest.
import { dateIn, dateProblem } from '../digest/dates.js';
import { calendarForCron } from '../digest/rotation.js';
import { digestJson } from '../digest/to-json.js';
import { verifiedPlanner } from '../digest/verify-questions.js';
import { scrubberForKnowledge } from '../knowledge/redact.js';
import { toText } from '../reply/to-text.js';
import { openAnswerEngine } from '../search/open.js';
import { loadKnowledgeOrExit, parseCliArgs, runCli, toolConfig } from './common.js';

const USAGE =
  'usage: npm run digest -- --dry-run [--json] [--date YYYY-MM-DD] [--knowledge DIR] [--known DOC_ID,…] [--rotation workdays|daily]\n' +
  '  --date       the digest date (default: today in DIGEST_TZ, Asia/Shanghai)\n' +
  '  --known      documents already announced: any other document is announced first\n' +
  '  --rotation   workdays (default for a Monday–Friday DIGEST_CRON) or daily';

function main(): number {
  const args = parseCliArgs(USAGE, {
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      date: { type: 'string' },
      knowledge: { type: 'string' },
      known: { type: 'string' },
      rotation: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  const { cron, timeZone } = toolConfig().digest;
  const date = args.values.date ?? dateIn(timeZone, Date.now());
  const bad = dateProblem(date);
  if (bad) {
    console.error(`--date: ${bad}\n${USAGE}`);
    return 2;
  }
  const rotation = args.values.rotation ?? calendarForCron(cron);
  if (rotation !== 'workdays' && rotation !== 'daily') {
    console.error(`--rotation: "${rotation}" is not workdays or daily\n${USAGE}`);
    return 2;
  }
  if (!args.values['dry-run']) console.error('note: the CLI only previews (dry run); the server posts digests on its schedule');

  const loaded = loadKnowledgeOrExit(args.values.knowledge);
  // The server's planner: suggested questions checked against the answer engine.
  const planner = verifiedPlanner(loaded.kb, openAnswerEngine(loaded.kb).engine, rotation);
  const known = args.values.known?.split(',').map((s) => s.trim()).filter(Boolean);
  const digest = planner.digestFor(date, known ? { knownDocuments: known } : {});
  const out = args.values.json ? JSON.stringify(digestJson(digest, loaded.kb.version)) : toText({ kind: 'digest', digest });
  // Like `ask`: no lexicon term reaches the output, not even in the note about its correction.
  console.log(scrubberForKnowledge(loaded.kb.dir).text(out));
  return 0;
}

runCli('digest', main);
