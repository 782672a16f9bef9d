// `npm run report -- unanswered [--since YYYY-MM-DD] [--json] [--data-dir DIR] [--knowledge DIR]`:
// questions the bot refused or that got 👎, paraphrases grouped, most frequent first, with the sections of the
// knowledge base that came nearest — what the knowledge owners should add (a synonym, a section, a report).
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { scrubberForKnowledge } from '../knowledge/redact.js';
import { buildUnansweredReport, DEFAULT_SIMILARITY, type NearestFinder, type UnansweredGroup } from '../obs/unanswered.js';
import { createAnswerEngine } from '../search/engine.js';
import type { LoggedQuestion } from '../state/ports.js';
import { QuestionLogReadError, readUnansweredQuestions } from '../state/read-questions.js';
import { knowledgeDir, parseCliArgs, runCli, toolConfig } from './common.js';
import { asCodedError } from '../errors.js';

const USAGE = `usage: npm run report -- unanswered [--since YYYY-MM-DD] [--json] [--data-dir DIR] [--knowledge DIR] [--limit N] [--threshold 0..1]
  Questions the bot refused or that got 👎, grouped by similarity, most frequent first, with the nearest sections.
  --data-dir   where the bot keeps its state (DATA_DIR, default ./data); with DATABASE_URL set, that database is read
  --knowledge  the knowledge base used to find the nearest sections (KNOWLEDGE_DIR, default ./knowledge)`;


function parseDay(s: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(s)) return null;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s ? null : t;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function renderText(groups: UnansweredGroup[], total: number, since: string | null): string {
  const lines: string[] = [];
  const scope = since ? `since ${since}` : 'in the question log';
  if (groups.length === 0) return `No refused or 👎 questions ${scope}.`;
  lines.push(`Questions the bot could not answer well ${scope}: ${total} in ${groups.length} group(s), most frequent first.`, '');
  groups.forEach((g, i) => {
    const how = [g.refused ? `refused ${g.refused}` : '', g.downvoted ? `👎 ${g.downvoted}` : ''].filter(Boolean).join(', ');
    lines.push(`${i + 1}. ${g.representative}  — ${g.count}× (${how}; ${g.askers} asker(s), ${g.chats} chat(s); ${day(g.firstAt)} … ${day(g.lastAt)})`);
    const others = g.questions.slice(1, 6);
    if (others.length) lines.push(`   also asked as: ${others.map((q) => `${q.text} (${q.count})`).join(' · ')}${g.questions.length > 6 ? ' · …' : ''}`);
    if (g.nearest.length) {
      lines.push('   nearest sections:');
      for (const n of g.nearest) lines.push(`     - ${n.section} — ${n.document.title} (${n.document.year})`);
      lines.push(
        g.refused >= g.downvoted
          ? '   → if one of these covers it, add the question’s words as synonyms; otherwise the reports lack it'
          : '   → the answer shown was judged wrong: check the quoted section, or add the missing material',
      );
    } else {
      lines.push('   nearest sections: none — the knowledge base does not cover this topic (a new report or section is needed)');
    }
  });
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(USAGE, {
    args: argv,
    options: {
      since: { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      knowledge: { type: 'string' },
      limit: { type: 'string' },
      threshold: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  const [command, ...rest] = args.positionals;
  if (command !== 'unanswered' || rest.length > 0) {
    console.error(`${command ? `unknown report "${[command, ...rest].join(' ')}"` : 'which report?'}\n${USAGE}`);
    return 2;
  }
  const since = args.values.since ?? null;
  const sinceMs = since === null ? 0 : parseDay(since);
  if (sinceMs === null) {
    console.error(`--since must be a date YYYY-MM-DD (got "${since}")`);
    return 2;
  }
  const limit = args.values.limit === undefined ? 50 : Number(args.values.limit);
  const threshold = args.values.threshold === undefined ? DEFAULT_SIMILARITY : Number(args.values.threshold);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    console.error('--limit must be a whole number between 1 and 10000');
    return 2;
  }
  if (!(threshold > 0 && threshold <= 1)) {
    console.error('--threshold must be a number in (0, 1]');
    return 2;
  }

  const dataDir = args.values['data-dir'] ?? toolConfig().dataDir;
  // The store the bot is configured with: DATABASE_URL's PostgreSQL, else the SQLite file in the data dir.
  const databaseUrl = args.values['data-dir'] === undefined ? toolConfig().databaseUrl : null;
  let questions: LoggedQuestion[] = [];
  try {
    questions = await readUnansweredQuestions(databaseUrl ? { databaseUrl } : { dataDir }, sinceMs);
  } catch (e) {
    if (!(e instanceof QuestionLogReadError)) throw e;
    console.error(e.message);
    return 1;
  }

  const dir = knowledgeDir(args.values.knowledge);
  // Questions are scrubbed when logged; this also covers rows logged before that, and the quoted sections.
  const scrub = scrubberForKnowledge(dir);
  let engine: NearestFinder | null = null;
  if (questions.length > 0) {
    try {
      engine = createAnswerEngine(loadKnowledge(dir).kb);
    } catch (e) {
      // The list is still useful without the nearest sections; say why they are missing.
      console.error(`warning: nearest sections left out: ${asCodedError(e).message}`);
    }
  }
  const groups = buildUnansweredReport(questions, engine, { threshold, limit });
  if (args.values.json) {
    console.log(
      // Scrubbed as values, before JSON escapes an invisible character inside a term into \uXXXX text.
      JSON.stringify(
        scrub.value({
          since,
          total: questions.length,
          groups: groups.map((g) => ({ ...g, firstAt: new Date(g.firstAt).toISOString(), lastAt: new Date(g.lastAt).toISOString() })),
        }),
      ),
    );
  } else {
    console.log(scrub.text(renderText(groups, questions.length, since)));
  }
  return 0;
}

runCli('report', () => main(process.argv.slice(2)));
