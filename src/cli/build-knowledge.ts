// `npm run build:knowledge -- [--knowledge DIR] [--out FILE]`: checks the knowledge, writes the prebuilt search
// index, prints the integrity report. Exit 1 with every problem listed when the knowledge cannot be used.
import { performance } from 'node:perf_hooks';
import { inputFingerprint } from '../knowledge/load-knowledge.js';
import { writeIndexFile } from '../search/index-file.js';
import { buildIndex } from '../search/index.js';
import { defaultIndexFile } from '../search/open.js';
import { knowledgeDir, loadKnowledgeOrExit, parseCliArgs, runCli } from './common.js';
import { asCodedError } from '../errors.js';

const USAGE = 'usage: npm run build:knowledge -- [--knowledge DIR] [--out FILE]';

function main(): number {
  const args = parseCliArgs(USAGE, {
    options: { knowledge: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const dir = knowledgeDir(args.values.knowledge);
  const t0 = performance.now();
  // The file records which input files it was made from; a file edited during the build would make that a lie.
  const inputs = inputFingerprint(dir);
  // The integrity report below lists the warnings with everything else.
  const loaded = loadKnowledgeOrExit(dir, { printWarnings: false });
  const t1 = performance.now();
  const index = buildIndex(loaded.kb);
  const t2 = performance.now();
  const out = args.values.out ?? defaultIndexFile(dir);
  if (inputs === null || inputFingerprint(dir) !== inputs) {
    console.error(`the knowledge in ${dir} changed during the build; run it again`);
    return 1;
  }
  try {
    writeIndexFile(out, loaded, index, inputs);
  } catch (e) {
    console.error(`cannot write the index to ${out}: ${asCodedError(e).message}`);
    return 1;
  }
  const { kb, warnings } = loaded;
  console.log(`knowledge ${dir} (version ${kb.version})`);
  for (const d of kb.documents) {
    console.log(`- ${d.meta.file}: ${d.meta.title} (${d.meta.region ?? 'no region'}, ${d.meta.year})`);
    console.log(`    ${d.sections.length} sections, ${d.paragraphs.length} paragraphs, ${d.sentences.length} sentences, ${d.figures.length} figures`);
    for (const n of d.integrity) {
      // The injected term itself is never printed: only its length and what replaced it.
      const what = n.resolution === 'corrected' ? `corrected to “${n.replacement ?? ''}”` : 'excluded (legitimate text)';
      console.log(`    integrity: a lexicon hit (${[...n.term].length} characters) in ${n.paragraphId} ${what}: reviewed by ${n.reviewer} on ${n.date}`);
    }
  }
  const totals = kb.documents.reduce(
    (t, d) => ({ sections: t.sections + d.sections.length, sentences: t.sentences + d.sentences.length, figures: t.figures + d.figures.length, corrections: t.corrections + d.integrity.filter((n) => n.resolution === 'corrected').length }),
    { sections: 0, sentences: 0, figures: 0, corrections: 0 },
  );
  console.log(`totals: ${kb.documents.length} documents, ${totals.sections} sections, ${totals.sentences} sentences, ${totals.figures} figures, ${totals.corrections} corrections applied`);
  console.log(`warnings: ${warnings.length === 0 ? 'none' : ''}`);
  for (const w of warnings) console.log(`  - ${w}`);
  console.log(`index: ${out} (schema ${index.header.schemaVersion}, tokenizer ${index.header.tokenizerVersion}); load ${(t1 - t0).toFixed(0)} ms, index ${(t2 - t1).toFixed(0)} ms`);
  return 0;
}

runCli('build:knowledge', main);
