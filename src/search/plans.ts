// What a report plans and what it still lacks. Yearly reports end with sections on their shortcomings (存在的不足)
// and next year's work (2024年工作安排); their lists name every field, so they are no answer to what was done,
// and they are the answer to a question about plans or shortcomings as a whole. Pure.
import type { Section } from '../knowledge/types.js';
import type { QueryAnalysis } from './analyze.js';

/** A question about plans or shortcomings (明年打算怎么干, 有哪些不足, 普法方面下一步有啥安排). */
const ASKS_PLANS = /明年|下一步|今后|以后|往后|后续|计划|打算|安排|思路|问题|不足|短板|差距|困难|欠缺|毛病|缺点/u;

/** A question about the plans as a whole (明年打算干啥, 下一步有啥安排) or the shortcomings (存在哪些不足). */
const ASKS_PLANS_AS_A_WHOLE = /明年|来年|下一步|下步|今后|接下来|下一年|第二年|往后|后续|后面的?(?:打算|安排|计划)/u;
const ASKS_SHORTCOMINGS_AS_A_WHOLE = /不足|短板|差距|薄弱|毛病|缺点|存在(?:哪些|什么|啥)?(?:问题|困难)|有(?:哪些|什么|啥)问题|问题和困难/u;
/** Words that only say "plans" or "shortcomings", how a question asks, or the report's own subject: no topic. */
const PLAN_WORDS =
  /明年|来年|下一步|下步|今后|接下来|下一年|第二年|第二|往后|后续|后面|打算|准备|怎么搞|怎么干|咋干|咋搞|下来|安排|计划|重点|思路|工作|不足|短板|差距|薄弱|毛病|缺点|问题|困难|存在|方面|情况|主要|哪些|什么|承认|自己|找出|找的|查摆|我们|咱们|我市|本市|全市|有没有|没有|法治政府建设|法治政府|法治建设|依法治[市区县]|依法行政|法治/gu;
/** Section titles on what is still to do (2025年工作思路, 下一步工作安排); a 2024年工作总结 is the work done. */
const PLAN_TITLE = /安排|打算|工作思路|工作计划|工作要点|下一步|今后|努力方向/u;
/** Section titles on what is still lacking (存在的不足和原因, 存在的问题). */
const SHORTCOMING_TITLE = /存在(?:的)?(?:问题|不足)|问题和不足|不足和|不足之处|^不足|的不足/u;
const PLANS_OR_SHORTCOMINGS = new RegExp(`${PLAN_TITLE.source}|${SHORTCOMING_TITLE.source}`, 'u');
/** A sentence saying the shortcomings or what comes next, in a report without sections for them. */
const PLAN_OR_SHORTCOMING_SENTENCE = /存在(?:一些|的)?(?:问题和不足|不足)|接下来|下一步工作/u;

export type AsAWhole = 'plans' | 'shortcomings';

/** Whether the question asks about plans or shortcomings at all (then their sections may answer it). */
export const asksPlans = (a: QueryAnalysis): boolean => ASKS_PLANS.test(a.question);

/** Whether a section, or one above it, is about plans or shortcomings. */
export function inPlansOrShortcomings(e: { section: Section }, sections: ReadonlyMap<string, Section>): boolean {
  for (let s: Section | undefined = e.section; s; s = s.parentId ? sections.get(s.parentId) : undefined) if (PLANS_OR_SHORTCOMINGS.test(s.title)) return true;
  return false;
}

/**
 * The question asks for the plans or the shortcomings as a whole, and nothing else: 普法方面下一步有啥安排 is about
 * 普法, which ranking finds.
 */
export function asksAsAWhole(a: QueryAnalysis): AsAWhole | null {
  if (a.form === 'comparison' || a.figure) return null;
  if ([...a.words, ...a.topicWords].some((w) => w.term.replace(PLAN_WORDS, '') !== '')) return null;
  if (ASKS_SHORTCOMINGS_AS_A_WHOLE.test(a.question)) return 'shortcomings';
  if (ASKS_PLANS_AS_A_WHOLE.test(a.question)) return 'plans';
  return null;
}

/** Whether a section title says the plans (2024年工作安排) or the shortcomings (存在的不足和原因). */
export const sectionSays = (kind: AsAWhole, title: string): boolean => (kind === 'plans' ? PLAN_TITLE : SHORTCOMING_TITLE).test(title);

/** Whether a sentence says the shortcomings or what comes next (…但也存在一些问题和不足,接下来…). */
export const saysPlansOrShortcomings = (text: string): boolean => PLAN_OR_SHORTCOMING_SENTENCE.test(text);
