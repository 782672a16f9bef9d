// Metric categories for `/metric` with no keyword: a small fixed set, derived from words in a figure's label,
// its section titles and its sentence — never hand-mapped per figure, so a new report is categorised too.

export interface CategoryRule {
  name: string;
  /** Words that put a figure into this category (substring match). */
  words: readonly string[];
}

/** Fixed order: it breaks ties and is the display order for equal counts. */
export const CATEGORY_RULES: readonly CategoryRule[] = [
  { name: '立法', words: ['立法', '地方性法规'] },
  { name: '执法', words: ['执法', '两法衔接', '行政处罚'] },
  { name: '行政审批', words: ['审批', '政务服务', '一网通办', '一件事', '证明事项'] },
  { name: '法治政府', words: ['法治政府', '规范性文件', '行政决策', '法律论证', '行政复议', '依法行政', '示范创建', '行政权力', '合法性审查'] },
  { name: '营商环境', words: ['营商', '双公示', '信用', '失信', '涉企', '知识产权', '市场主体'] },
  { name: '司法', words: ['司法', '法院', '检察', '审判', '庭审', '裁判', '诉讼', '立案', '法官', '案件执行'] },
  { name: '普法', words: ['普法', '法治宣传', '学法', '法治文化', '知识竞赛', '以案释法', '宣传教育'] },
  { name: '依法治理', words: ['依法治理', '社会治理', '民主法治', '示范村', '基层治理'] },
  { name: '调解', words: ['调解', '纠纷', '调处', '矛盾', '综治', '信访'] },
  { name: '法律服务', words: ['法律服务', '公证', '法律援助', '律师', '法律顾问', '办证'] },
];

export const OTHER_CATEGORY = '其他';

export const CATEGORY_NAMES: readonly string[] = [...CATEGORY_RULES.map((r) => r.name), OTHER_CATEGORY];

export interface CategoryEvidence {
  label: string;
  /** Title of the figure's own section (deepest first is not needed: own title weighs more than ancestors). */
  sectionTitle: string;
  ancestorTitles: readonly string[];
  sentence: string;
}

// The label names the thing counted, so it weighs most; the own section title says what the paragraph is
// about; ancestors and the sentence only break ties. Each source counts once per category, however many of
// the category's words it holds, so one wordy sentence cannot outvote the label.
const WEIGHTS = { label: 4, section: 2, ancestor: 1, sentence: 1 } as const;

const hits = (text: string, rule: CategoryRule): boolean => rule.words.some((w) => text.includes(w));

/** The category of a figure: the best-scoring rule, ties broken by the fixed order; `其他` when nothing fits. */
export function categorize(e: CategoryEvidence): string {
  let best = OTHER_CATEGORY;
  let bestScore = 0;
  for (const rule of CATEGORY_RULES) {
    let score = 0;
    if (hits(e.label, rule)) score += WEIGHTS.label;
    if (hits(e.sectionTitle, rule)) score += WEIGHTS.section;
    if (e.ancestorTitles.some((t) => hits(t, rule))) score += WEIGHTS.ancestor;
    if (hits(e.sentence, rule)) score += WEIGHTS.sentence;
    if (score > bestScore) {
      best = rule.name;
      bestScore = score;
    }
  }
  return best;
}
