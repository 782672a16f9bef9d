// Chat in a work group (greetings, the date, sums, errands) gets `none`, never a quote, even when a report's
// page banner shares its words; questions about the reports that look a little like chat are still answered.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { chatReason } from '../../src/search/chat.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

let bundled: SearchEngine;
let districts: SearchEngine;
beforeAll(() => {
  bundled = createAnswerEngine(shippedKb());
  // One of these reports still carries its web page's banner: 今天是:2024年3月28日 星期四 农历二月十九.
  districts = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-districts')).kb, { homeRegion: '清远市' });
});

describe('chat', () => {
  it.each(['你好', '您好!', '在吗?', '收到,谢谢~', '好的', '辛苦了', '你是谁'])('%s is a greeting, not a question', (q) => {
    expect(chatReason(q)).toMatch(/greeting/u);
    expect(bundled.ask(q).kind).toBe('no_answer');
  });

  it.each(['今天星期几', '今天是几号', '现在农历几号', '明天天气怎么样', '现在几点了', '明天会下雨吗', '今晚刮台风吗'])('%s asks the calendar or the weather', (q) => {
    expect(chatReason(q)).toMatch(/date|weather/u);
  });

  it('does not quote a page banner for the date', () => {
    for (const q of ['今天是星期几', '现在农历几号', '今天几月几号']) {
      const r = districts.ask(q, { explain: true });
      expect(r.kind, q).toBe('no_answer');
      if (r.kind === 'no_answer') expect(r.retrieval?.reason).toMatch(/date/u);
    }
  });

  it.each(['12乘以15', '3加5等于几', '120 + 35'])('%s is a sum', (q) => {
    expect(chatReason(q)).toMatch(/sum/u);
    expect(bundled.ask(q).kind).toBe('no_answer');
  });

  it.each(['帮我订个会议室', '帮我写个请假条', '麻烦帮我翻译一下rule of law', '下周一放假吗', '晚上聚餐去哪', '文件发我一下', '把材料传给我'])('%s is an errand or office talk', (q) => {
    expect(chatReason(q)).not.toBeNull();
    expect(bundled.ask(q).kind).toBe('no_answer');
  });

  it.each(['写一首关于法治的诗', '帮我编个普法段子', '会议纪要帮我润色一下', '推荐一部好看的电影', '今天股市行情怎么样', '周五几点下班', '打印机没纸了找谁', '你们单位在哪', '怎么联系你们', '扫一扫在手机打开当前页'])(
    '%s is a request, leisure, the office itself or page furniture',
    (q) => {
      expect(chatReason(q)).not.toBeNull();
      expect(bundled.ask(q).kind).toBe('no_answer');
    },
  );

  it.each(['帮我把这段话改成领导讲话的口气', '帮我查下桐湾区政府网站的备案号', '帮我想一条法治宣传的横幅标语', '“行政复议”用英语怎么说', '谁有司法局办公室的电话', '下午三点那个会改到几点了', '下午开会吗'])(
    '%s is a task, a phone book\'s or a calendar\'s question',
    (q) => {
      expect(chatReason(q)).not.toBeNull();
      expect(bundled.ask(q).kind).toBe('no_answer');
    },
  );

  it.each(['依法治市委员会开会研究了啥', '普法宣传标语挂了多少条'])('%s is about the reports, meetings and slogans notwithstanding', (q) => {
    expect(chatReason(q)).toBeNull();
  });

  it.each(['各单位法律顾问覆盖了吗', '基层立法联系点联系群众的情况', '刮台风那阵有没有让停工停课', '暴雨期间的应急执法怎么安排的'])('%s still asks the reports', (q) => {
    expect(chatReason(q)).toBeNull();
  });

  it('reads a span of years as years, not as a sum', () => {
    expect(chatReason('2021-2023年调解成功率变化')).toBeNull();
  });

  it.each([
    ['帮我查一下调解成功率', '调解案件成功率97.2%'],
    ['把调解成功率发给我', '调解案件成功率97.2%'],
    ['今年调解成功率多少', '调解案件成功率97.2%'],
    ['庭审直播那个数统计到几月', '截至8月'],
    ['2021年清远市调解成功率', '调解案件成功率97.2%'],
  ])('%s is still a question about the reports', (q, expected) => {
    expect(chatReason(q)).toBeNull();
    const r = bundled.ask(q);
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.citations.map((c) => c.quote).join('\n')).toContain(expected);
  });
});
