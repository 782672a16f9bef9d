// The digest as JSON (`npm run digest -- --json`): citations and figures in the same shape as the ask contract.
import { citationJson, figureJson, type CitationJson, type FigureJson } from '../reply/to-json.js';
import type { DigestContent } from '../reply/model.js';

export interface DigestJson {
  kind: 'digest';
  date: string;
  section: { section: string; sectionId: string; document: DigestContent['section']['document'] };
  announcement?: DigestContent['announcement'];
  citations: CitationJson[];
  figures: FigureJson[];
  questions: string[];
  knowledgeVersion?: string;
}

export function digestJson(d: DigestContent, knowledgeVersion?: string): DigestJson {
  return {
    kind: 'digest',
    date: d.date,
    section: { section: d.section.section, sectionId: d.section.sectionId, document: d.section.document },
    ...(d.announcement ? { announcement: d.announcement } : {}),
    citations: d.citations.map(citationJson),
    figures: d.figures.map(figureJson),
    questions: d.questions,
    ...(knowledgeVersion ? { knowledgeVersion } : {}),
  };
}
