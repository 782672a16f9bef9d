// The digest planner: pure over a knowledge base. For a date it picks one section (rotation seeded by the
// knowledge version, see rotation.ts), quotes its key points verbatim, lists its headline figures and suggests
// two questions. A report that the caller has not announced yet is announced first (the caller keeps that
// state; the planner only reads `knownDocuments`).
import type { DigestPlanner } from '../ports.js';
import type { KnowledgeBase, ParsedDocument } from '../knowledge/types.js';
import { toDocumentRef } from '../knowledge/types.js';
import { toFigureView } from '../metrics/figure-view.js';
import type { DigestContent, SectionSuggestion } from '../reply/model.js';
import { assertDate } from './dates.js';
import { candidateQuestions } from './questions.js';
import { type RotationCalendar, mod, seededPermutation, slotIndex } from './rotation.js';
import { type SectionMaterial, keyPoints, sectionMaterial, substantiveSections } from './sections.js';

export interface DigestPlannerOptions {
  /** How dates map to rotation slots (default `workdays`, matching the default cron). */
  calendar?: RotationCalendar;
  maxPoints?: number;
  maxFigures?: number;
  /**
   * Optional check that a suggested question really leads back to the section: returns the section id of the
   * answer the bot would give (or null). Questions that pass come first.
   */
  answerSection?: (question: string) => string | null;
}

export interface PlanContext {
  /** Ids of documents already announced. Without it nothing is announced (e.g. a stateless dry run). */
  knownDocuments?: Iterable<string>;
}

export interface RotatingDigestPlanner extends DigestPlanner {
  digestFor(date: string, ctx?: PlanContext): DigestContent;
  /** The rotation: sections with substance in the order the slots visit them. */
  readonly rotation: readonly SectionSuggestion[];
  /** The first document not in `known` (by id), i.e. the one the next digest announces. */
  unannounced(known: Iterable<string>): ParsedDocument | null;
}

function suggestion(m: SectionMaterial): SectionSuggestion {
  return { section: m.section.path, sectionId: m.section.id, document: toDocumentRef(m.doc.meta) };
}

export function createDigestPlanner(kb: KnowledgeBase, opts: DigestPlannerOptions = {}): RotatingDigestPlanner {
  const calendar = opts.calendar ?? 'workdays';
  const maxPoints = opts.maxPoints ?? 3;
  const maxFigures = opts.maxFigures ?? 4;
  let pool = substantiveSections(kb);
  if (pool.length === 0) {
    // A knowledge base of bare headings and one-liners still gets a digest: any section with body text.
    pool = kb.documents.flatMap((d) => d.sections.map((s) => sectionMaterial(d, s))).filter((m) => m.sentences.length > 0);
  }
  if (pool.length === 0) throw new Error('The knowledge base has no section with body text to build a digest from');
  const order = seededPermutation(pool.length, `digest:${kb.version}`).map((i) => pool[i]!);
  const docs = [...kb.documents].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

  const unannounced = (known: Iterable<string>): ParsedDocument | null => {
    const k = new Set(known);
    return docs.find((d) => !k.has(d.meta.id) && pool.some((m) => m.doc === d)) ?? null;
  };

  const build = (date: string, m: SectionMaterial, announce: ParsedDocument | null): DigestContent => {
    const citations = keyPoints(m, maxPoints);
    const quoted = new Set(citations.flatMap((c) => c.sentenceIds));
    const figures = [...m.figures]
      .sort((a, b) => Number(quoted.has(b.sentenceId)) - Number(quoted.has(a.sentenceId)))
      .slice(0, maxFigures)
      .sort((a, b) => m.doc.sentences.findIndex((s) => s.id === a.sentenceId) - m.doc.sentences.findIndex((s) => s.id === b.sentenceId))
      .map((f) => toFigureView(m.doc, f));
    const candidates = candidateQuestions(m, quoted);
    const check = opts.answerSection;
    const verified = check ? candidates.filter((q) => check(q) === m.section.id) : candidates;
    const questions = [...verified, ...candidates.filter((q) => !verified.includes(q))].slice(0, 2);
    return {
      date,
      ...(announce ? { announcement: { document: toDocumentRef(announce.meta), sections: announce.sections.filter((s) => s.kind === 'body').length } } : {}),
      section: suggestion(m),
      citations,
      figures,
      questions,
    };
  };

  return {
    rotation: order.map(suggestion),
    unannounced,
    digestFor(date: string, ctx: PlanContext = {}): DigestContent {
      assertDate(date);
      const announce = ctx.knownDocuments ? unannounced(ctx.knownDocuments) : null;
      if (announce) {
        // The new report's first section with substance, in document order.
        const first = pool.filter((m) => m.doc === announce).sort((a, b) => a.section.order - b.section.order)[0]!;
        return build(date, first, announce);
      }
      return build(date, order[mod(slotIndex(date, calendar, order.length), order.length)]!, null);
    },
  };
}

