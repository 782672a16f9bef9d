import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinBroken, reflowLines } from '../../src/knowledge/reflow.js';
import { KNOWLEDGE_DIR } from '../helpers/paths.js';

/** Cuts a paragraph into lines of `width` characters, as a PDF copied to text has it. */
const wrap = (text: string, width: number): string[] => {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
};

const PARAGRAPHS = [
  '一、深化放管服改革',
  '（一）精简审批事项。动态调整市级权责清单,市级行政许可事项精简至286项,全面推行高效办成一件事,上线企业开办、不动产登记等集成服务,平均减少跑动次数2.4次。',
  '（二）推行包容审慎监管。修订首违不罚和轻微免罚两张清单,覆盖市场监管、交通运输、生态环境等领域,全年对1 689件轻微违法行为依法不予行政处罚,惠及经营主体一千余家。',
  '二、发挥行政复议主渠道作用',
  '全市各级行政复议机关共收到行政复议申请1846件,审结1702件,综合纠错率12.3%,行政复议案件量与一审行政诉讼案件量之比达到1.78:1,主渠道作用进一步显现。',
];

describe('hard-wrapped text (a PDF copied to text)', () => {
  it('puts paragraphs back together, a number broken at the margin included, and drops page numbers and running headers', () => {
    const lines = PARAGRAPHS.flatMap((p) => wrap(p, 30));
    // A page break after the eighth line: a page number, then the running header of the next page.
    const paged = [...lines.slice(0, 8), '', '— 1 —', '', '示例市人民政府关于2024年法治政府建设情况的报告', ...lines.slice(8, 14), '— 2 —', '示例市人民政府关于2024年法治政府建设情况的报告', ...lines.slice(14)];
    const r = reflowLines(paged);
    expect(r.lines).toEqual(PARAGRAPHS);
    expect(r.dropped).toEqual(['— 1 —', '示例市人民政府关于2024年法治政府建设情况的报告', '— 2 —', '示例市人民政府关于2024年法治政府建设情况的报告']);
    expect(r.joined).toBe(6);
  });

  it('a blank line still parts two paragraphs', () => {
    const first = wrap(PARAGRAPHS[1]!, 30);
    const second = wrap(PARAGRAPHS[2]!, 30);
    const last = wrap(PARAGRAPHS[4]!, 30);
    // Each paragraph ends on a full line here: only the blank line tells where the next one starts.
    const r = reflowLines([...first.slice(0, 2), '', ...second.slice(0, 3), '', ...last.slice(0, 3), '', ...first.slice(0, 2)]);
    expect(r.lines).toHaveLength(4);
    expect(r.lines[1]).toBe(second.slice(0, 3).join(''));
  });

  it('any paragraphs wrapped at any width come back whole', () => {
    const han = fc.constantFrom(...'法治政府建设行政复议执法调解普法公证律师援助全市年度开展推进完善机制');
    const paragraph = fc.array(han, { minLength: 80, maxLength: 240 }).map((cs) => `${cs.join('')}。`);
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 4, maxLength: 12 }), fc.integer({ min: 20, max: 40 }), (paragraphs, width) => {
        // (A paragraph ending on a full line would run into the next without a blank between: here each ends on a
        // line at most half full, as most do.)
        const shaped = paragraphs.map((p) => {
          const chars = [...p];
          const rest = chars.length % width;
          return rest > 0 && rest <= width / 2 ? p : `${chars.slice(0, chars.length - rest + Math.floor(width / 2) - 1).join('')}。`;
        });
        const lines = shaped.flatMap((p) => wrap(p, width));
        const r = reflowLines(lines);
        expect(r.lines).toEqual(shaped);
      }),
      { numRuns: 200 },
    );
  });
});

describe('text written a paragraph per line', () => {
  it('is returned as it is (the bundled report)', () => {
    const lines = readFileSync(join(KNOWLEDGE_DIR, 'qingyuan-2021.txt'), 'utf8').split('\n');
    const r = reflowLines(lines);
    expect(r.joined).toBe(0);
    expect(r.lines).toEqual(lines);
  });

  it('short texts are never read as wrapped', () => {
    expect(reflowLines(['一、总体情况', '全年办理案件12件。', '二、存在问题']).lines).toEqual(['一、总体情况', '全年办理案件12件。', '二、存在问题']);
  });
});

describe('joining two pieces of a line', () => {
  it.each([
    ['精简至28', '6项', '精简至286项'],
    ['行政复议', '申请', '行政复议申请'],
    ['the State', 'Council', 'the State Council'],
  ])('%s + %s → %s', (a, b, joined) => expect(joinBroken(a, b)).toBe(joined));
});
