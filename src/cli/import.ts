// `npm run import -- [--knowledge DIR] [--dry-run] [--title T --year Y --region R] FILE|DIR...`: adds reports as
// published (Word, PDF, saved web pages, text) to the knowledge directory, saying what it detected and why.
import { ImportError } from '../import/errors.js';
import { describeOutcome } from '../import/describe.js';
import { importFiles } from '../import/import-files.js';
import { CliExit, knowledgeDir, parseCliArgs, runCli } from './common.js';

const USAGE =
  'usage: npm run import -- [--knowledge DIR] [--dry-run] [--title T --year Y --region R] FILE|DIR...\n' +
  '  imports .docx, .pdf (with a text layer), saved web pages (.html/.htm) and .txt/.md into the knowledge directory';

async function main(): Promise<number> {
  const args = parseCliArgs(USAGE, {
    options: {
      knowledge: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      title: { type: 'string' },
      year: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (args.positionals.length === 0) throw new CliExit(2, `no FILE or DIR given\n${USAGE}`);
  const { title, region } = args.values;
  let year: number | undefined;
  if (args.values.year !== undefined) {
    year = Number(args.values.year);
    if (!/^\d{4}$/u.test(args.values.year) || year < 1949 || year > 2100) throw new CliExit(2, `--year must be a year such as 2023, not "${args.values.year}"`);
  }
  if (title !== undefined && title.trim() === '') throw new CliExit(2, '--title must not be empty');
  const dir = knowledgeDir(args.values.knowledge);
  const dryRun = args.values['dry-run'] === true;
  let outcomes;
  try {
    outcomes = await importFiles(args.positionals, {
      knowledgeDir: dir,
      dryRun,
      overrides: { ...(title ? { title: title.trim() } : {}), ...(year ? { year } : {}), ...(region ? { region: region.trim() } : {}) },
    });
  } catch (e) {
    if (e instanceof ImportError) throw new CliExit(1, `import: ${e.message}`);
    throw e;
  }
  let failed = 0;
  for (const o of outcomes) {
    const text = describeOutcome(o, { dryRun, knowledgeDir: dir });
    if (o.plan.action === 'refuse') {
      failed++;
      console.error(text);
    } else console.log(text);
  }
  if (failed > 0) console.error(`${failed} of ${outcomes.length} file(s) not imported`);
  return failed > 0 ? 1 : 0;
}

runCli('import', main);
