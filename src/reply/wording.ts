// Sentences every front end (card, text, playground) says the same way about a reply to a question.
import type { Citation, Missing, Scope } from './model.js';

const WHAT: Record<Missing['what'], string> = { figure: '具体数字', time: '具体时间', detail: '这方面的具体内容' };

/** A partial answer, said plainly: 报告提到了…,但没有给出…的具体数字。 */
export function missingText(m: Missing): string {
  if (!m.topic) return `报告提到了相关内容,但没有给出${WHAT[m.what]}。`;
  return `报告提到了“${m.topic}”,但没有给出${[...m.topic].length <= 12 ? `“${m.topic}”的` : ''}${WHAT[m.what]}。`;
}

/** The reports a question named did not answer it: 静海区的报告中没有找到…。 */
export function scopeMissText(scope: Scope | undefined): string {
  if (scope?.label && scope.documentIds.length === 0) return `知识库中没有${scope.label}的报告。`;
  return scope?.label ? `${scope.label}的报告中没有找到这个问题的答案。` : '报告中没有找到这个问题的答案。';
}

/** The label of a pointer to another report: 其他报告中:清远市2021年…。 */
export function elsewhereLabel(c: Citation): string {
  return `其他报告中(${c.document.region ?? ''}${c.document.year}年,仅供参考,不是所问报告的数据):`;
}

/** Shown above the key sentences of an overview. */
export function overviewLabel(section: string): string {
  return `以下是报告“${section}”部分的要点:`;
}
