// Which sections and sentences say a report's plans or its shortcomings, and which questions ask for them as a
// whole. The engine's use of them is tested through its answers in grading.test.ts.
import { describe, expect, it } from 'vitest';
import type { Section } from '../../src/knowledge/types.js';
import { inPlansOrShortcomings, saysPlansOrShortcomings, sectionSays } from '../../src/search/plans.js';

const section = (id: string, title: string, parentId: string | null = null): Section => ({
  id,
  docId: 'd',
  number: '',
  title,
  depth: parentId ? 2 : 1,
  path: title,
  parentId,
  order: 0,
  kind: 'body',
});

describe('plans and shortcomings', () => {
  it.each([
    ['plans', '第四部分 2024年工作安排', true],
    ['plans', '三、下一步打算', true],
    ['plans', '八、以普法和依法治理为基础建设法治社会', false],
    ['plans', '一、2024年工作总结', false],
    ['plans', '三、2025年工作思路', true],
    ['shortcomings', '三、存在的不足和原因', true],
    ['shortcomings', '三、存在的问题', true],
    ['shortcomings', '(二)依法全面履行政府职能', false],
  ] as const)('%s: %s → %s', (kind, title, says) => {
    expect(sectionSays(kind, title)).toBe(says);
  });

  it('a sub-section of a plans section is in it; a section of the work done is not', () => {
    const plans = section('p', '四、2024年工作安排');
    const sections = new Map([['p', plans]]);
    expect(inPlansOrShortcomings({ section: section('p1', '(一)深化行政复议', 'p') }, sections)).toBe(true);
    expect(inPlansOrShortcomings({ section: section('w', '一、以高标准压实法治政府建设责任') }, sections)).toBe(false);
  });

  it('finds the sentence saying them in a report without such sections', () => {
    expect(saysPlansOrShortcomings('今年以来,我市法治建设取得了一定的成绩,但也存在一些问题和不足,接下来,我市将继续…')).toBe(true);
    expect(saysPlansOrShortcomings('要求对存在问题的部门和地区逐一发出督办函')).toBe(false);
  });
});
