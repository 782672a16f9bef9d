// One snapshot per reply kind, from fixed fixtures: a reviewable record of the card JSON Lark receives (and the
// playground previews). Update with `npx vitest run test/cards/render.snapshot.test.ts -u` after a deliberate change.
import { describe, expect, it } from 'vitest';
import { renderCard, renderText } from '../../src/cards/render.js';
import type { Citation, CommandInfo, Reply } from '../../src/reply/model.js';
import { citationFixture, figureFixture, fixtureDoc, MEDIATION_SECTION } from '../helpers/reply-fixtures.js';

const doc = fixtureDoc('qingyuan-2021');
const cite = (quote: string, section: string, over: Partial<Citation> = {}): Citation =>
  citationFixture(doc, { quote, section, sentenceIds: ['qingyuan-2021/s2.4.2/p1/t2'], score: 1.1, ...over });
const fig = figureFixture(doc);
const commands: CommandInfo[] = [
  { name: 'help', aliases: ['帮助'], usage: '/help', summary: '查看可用命令和提问方式' },
  { name: 'metric', aliases: ['指标'], usage: '/metric <关键词>', summary: '查询报告中的数据指标' },
];
const S = MEDIATION_SECTION;

const replies: Record<Reply['kind'], Reply> = {
  answer: {
    kind: 'answer',
    question: '全市调解组织调解案件成功率是多少?',
    citations: [
      cite('全市调解组织调解案件成功率97.2%。', S),
      cite('推进政务服务“四免”优化。', '二、(一)1. 深化“放管服”改革', { corrected: true, corrections: [{ original: '沙巴体育', replacement: '政务服务', reason: '注入' }], highlights: [] }),
    ],
    figures: [fig],
    confidence: 0.92,
  },
  no_answer: { kind: 'no_answer', question: '明天清远天气怎么样?', suggestions: [{ section: S, sectionId: 's', document: doc }] },
  help: { kind: 'help', commands },
  unknown_command: { kind: 'unknown_command', command: 'metirc', suggestion: commands[1] ?? null, commands },
  metric: { kind: 'metric', keyword: '调解', figures: [fig], categories: [{ name: '调解', count: 3 }] },
  search: { kind: 'search', query: '调解', citations: [cite('全市调解组织调解案件成功率97.2%。', S)] },
  outline: {
    kind: 'outline',
    documents: [{ document: doc, sections: [{ sectionId: 'a', number: '二、', title: '主要工作', path: '二、主要工作', depth: 1 }, { sectionId: 'b', number: '(四)', title: '矛盾纠纷', path: '', depth: 2 }, { sectionId: 'c', number: '2.', title: '深化预防与化解社会矛盾纠纷工作', path: S, depth: 3 }] }],
  },
  source: {
    kind: 'source',
    documents: [
      {
        document: { ...doc, source: 'https://www.gdqy.gov.cn/', published: '2022-03-01', file: 'qingyuan-2021.txt' },
        sections: 40,
        paragraphs: 60,
        sentences: 300,
        figures: 90,
        integrity: [{ term: '沙巴体育', resolution: 'corrected', replacement: '政务服务', reason: '注入', reviewer: '法治建设数据组', date: '2026-11-27', paragraphId: 'p' }],
      },
    ],
  },
  digest: {
    kind: 'digest',
    digest: { date: '2026-11-27', section: { section: S, sectionId: 's', document: doc }, citations: [cite('全市调解组织调解案件成功率97.2%。', S, { highlights: [] })], figures: [fig], questions: ['调解成功率是多少?'] },
  },
  subscription: { kind: 'subscription', action: 'subscribed' },
  notice: { kind: 'notice', level: 'warning', text: '问题太长了(超过 500 字)。' },
};

describe('card snapshots', () => {
  for (const [kind, reply] of Object.entries(replies)) {
    it(kind, () => {
      expect(renderCard(reply, { questionMessageId: 'om_question_1' })).toMatchSnapshot();
      expect(renderText(reply)).toMatchSnapshot();
    });
  }
});
