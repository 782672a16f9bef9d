// Which grade a reply gets when the evidence is neither clearly an answer nor clearly nothing: a broad question
// about a field gets its section, a question asking no figure is answered by the sentence holding every noun it
// names, chat words the reports never use do not sink the sentence that answers, and a count of a named thing is
// answered only by a figure that names it (a partial otherwise, never another figure passed off as the answer).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { askKind } from '../../src/reply/model.js';
import { createAnswerEngine, type SearchEngine } from '../../src/search/engine.js';
import { shippedKb } from '../helpers/knowledge.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

let bundled: SearchEngine;
let cities: SearchEngine;
let towns: SearchEngine;
let districts: SearchEngine;
let counties: SearchEngine;
let wards: SearchEngine;
let jichuan: SearchEngine;
beforeAll(() => {
  // A second library by another hand: 云岫市 2023 and 2024, 砚溪市鹤鸣县 2024, 琅川市沙汀区 2023.
  towns = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-towns')).kb, { homeRegion: '清远市' });
  bundled = createAnswerEngine(shippedKb(), { homeRegion: '清远市' });
  // Other cities' fictional reports beside the bundled one: 江澜市 2022 and 2023, 汀岚市桐湾区 2023 (with its web
  // page's banner and footer), 望舒市枫川县 2023 (written in 一是…二是… paragraphs).
  cities = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-cities')).kb, { homeRegion: '清远市' });
  // Seven reports of fictional districts and cities, one with its page banner.
  districts = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-districts')).kb, { homeRegion: '清远市' });
  // A third library: 潮汐市 2023 and 2024 (the latter copied out of a PDF), 潮汐市青石县 2024, 雁回市临江区 2024.
  counties = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-counties')).kb, { homeRegion: '清远市' });
  // Three reports imported from saved web pages: 星渚市 2024 (its 司法局), 澜桥区 2023 and 2024.
  wards = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-wards')).kb, { homeRegion: '清远市' });
  // Two more imported pages: 霁川市 2023 and 霁川市白沙县 2023 (an older table-layout page, full-width digits).
  jichuan = createAnswerEngine(loadKnowledge(join(FIXTURES_DIR, 'knowledge-jichuan')).kb, { homeRegion: '清远市' });
});

const firstQuote = (r: ReturnType<SearchEngine['ask']>) => (r.kind === 'answer' ? (r.citations[0]?.quote ?? '') : '');

describe('broad questions about a field', () => {
  it.each([
    ['法律援助公证这些整体情况', '持续优化公共法律服务体系'],
    ['普法这块今年都弄了些啥', '充分发挥法治宣传教育基础作用'],
    ['律师公证法援这几块整体情况说说', '持续优化公共法律服务体系'],
    ['打官司的程序今年改了哪些,给我捋捋', '深入推进诉讼制度改革'],
  ])('%s gets the overview of the section, not one sentence of it', (q, section) => {
    const r = bundled.ask(q);
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toContain(section);
  });

  it('several topics asked together get the section holding them all (社区矫正和调解 → 三、加强社会治理和矛盾纠纷化解)', () => {
    const r = districts.ask('白石县社区矫正和调解这块整体咋样');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toContain('加强社会治理和矛盾纠纷化解');
  });

  it('the work done, not the plans or shortcomings whose lists name every field', () => {
    const r = cities.ask('江澜2023年普法和基层治理总体情况');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') {
      expect(r.overview?.section).toContain('第一部分');
      expect(r.overview?.section).not.toMatch(/工作安排|不足/u);
    }
    const plans = cities.ask('江澜2023年普法方面下一步有啥安排');
    if (plans.kind === 'answer') expect(plans.citations[0]?.section).toMatch(/工作安排/u);
  });

  it('a broad question about one measure still gets the sentence stating it', () => {
    const r = bundled.ask('执法信息平台建得怎么样了');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('市级分平台建设项目');
  });
});

describe("a report's plans or shortcomings as a whole", () => {
  it.each([
    ['江澜明年打算干啥', /2024年工作安排/u],
    ['江澜下一步打算干啥', /2024年工作安排/u],
    ['桐湾区存在哪些不足', /存在的问题/u],
    ['桐湾区自己找的毛病有哪些', /存在的问题/u],
    ['江澜2022年有啥短板', /存在的不足/u],
    ['江澜2022年报告里往后的打算是什么', /2023年推进法治政府建设的主要安排/u],
    ['江澜报告里后面的安排说说', /2024年工作安排/u],
  ])('%s gets the overview of the section saying them, in the newest report of the region asked', (q, section) => {
    const r = cities.ask(q);
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toMatch(section);
  });

  it("a report's summary of the year's work (2024年工作总结) is not its plans", () => {
    const r = towns.ask('云岫明年打算干啥');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toMatch(/2025年工作思路/u);
  });

  it('in a report without such a section, gets the sentence saying them', () => {
    const r = bundled.ask('我市明年有什么打算');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('但也存在一些问题和不足,接下来');
  });
});

describe('questions asking no figure', () => {
  it('the sentence holding every noun asked answers a yes/no question, even on related evidence', () => {
    const r = bundled.ask('双公示在省里什么位置', { explain: true });
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('连续6个月全省排名第1');
    if (r.kind === 'answer') expect(r.retrieval?.topScore).toBeLessThan(r.retrieval!.threshold);
  });

  it('the sentence holding the number a question quotes answers "which one is that"', () => {
    const r = bundled.ask('2551人次那个培训是哪一级的人');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('培训乡镇街道执法人员2551人次');
  });

  it('a noun the reports never use keeps a related sentence from being the answer', () => {
    const r = bundled.ask('城市交通管理条例立了吗');
    expect(askKind(r)).not.toBe('answer');
  });

  it('a word no report uses in any form is not the key a quote must hold (镇街执法 for 乡镇街道综合行政执法)', () => {
    const r = bundled.ask('镇街执法的人一共培训了多少人次');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('培训乡镇街道执法人员2551人次');
  });

  it('a request to compose something is chat', () => {
    expect(bundled.ask('写一首关于法治的诗').kind).toBe('no_answer');
  });
});

describe('chat words the reports never use', () => {
  it('那边 and 一共 do not sink the sentence that answers', () => {
    const r = cities.ask('江澜2022年复议那边一共收了多少申请');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('收到行政复议申请1137件');
  });
});

describe('a count asked in staff words', () => {
  it.each([
    ['桐湾区一件事打包成套办的服务一共推出几项', () => cities, '集成服务29项'],
    ['青石县法院先交给调解的案子调成了多少件', () => counties, '调解成功397件'],
  ])('%s is answered on related evidence: the quote holds every word the reports use, and the figure', (q, engine, quote) => {
    const r = engine().ask(q);
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain(quote);
  });

  it('a partial also quotes the sentence beside its topic sentence in the same paragraph', () => {
    const r = bundled.ask('全市调解组织一年调了多少件纠纷');
    expect(askKind(r)).toBe('partial');
    expect(r.kind === 'answer' && r.citations.map((c) => c.quote)).toContain('全市调解组织调解案件成功率97.2%。');
  });
});

describe('what a count asks', () => {
  it('a count of the year\'s new ones is no total, even with 累计 between the label and the number', () => {
    expect(askKind(wards.ask('澜桥区2023年法律明白人当年新发展了几名'))).not.toBe('answer');
    const r = wards.ask('澜桥区2023年法律明白人一共有多少名');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('累计达到1440名');
  });

  it('几成 asks a share', () => {
    const r = bundled.ask('全市调解组织调解案件能调成的有几成');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('成功率97.2%');
  });
});

describe('one report of a region', () => {
  it('answers 比上一年多了多少 from the change the report states: the year after 比 is the baseline', () => {
    const r = jichuan.ask('白沙县复议申请比上一年多了多少');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('同比增长36.7%');
  });

  it('answers 接下来准备怎么干 with its plans section', () => {
    const r = jichuan.ask('霁川市接下来准备怎么干');
    expect(askKind(r)).toBe('overview');
    if (r.kind === 'answer') expect(r.overview?.section).toMatch(/2024年工作安排/u);
  });

  it('counts a hotline\'s 单 in 件', () => {
    const r = jichuan.ask('白沙县12345热线全年接了多少单');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('受理群众诉求2.86万件');
  });
});

describe('多少件 counts things done', () => {
  it.each([
    ['云岫23年复议申请里受理下来的有多少件', '依法受理1204件'],
    ['沙汀区2023年法审审了多少件', '合法性审核198件'],
  ])('%s is not answered by a count of the places or bodies doing them (受理点117个, 21个区直部门)', (q, quote) => {
    const r = towns.ask(q);
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain(quote);
  });
});

describe('a count of a named thing', () => {
  it.each([
    // 41份 counts 合同, not 法律意见.
    ['桐湾区法律顾问团一年出了多少份法律意见', '区政府法律顾问团由9名律师'],
    // 22个 counts the 乡贤调解室 themselves, and a 化解率 is a share, not a count of 纠纷.
    ['枫川县乡贤调解室一年调了多少纠纷', '乡贤调解室'],
    // 3次 counts meetings and 11个 类案问题: neither counts 行政争议.
    ['江澜2022年府院联席会议化解了多少行政争议', '府院联席会议'],
  ])('%s is a partial: the topic is there, its count is not', (q, topic) => {
    const r = cities.ask(q);
    expect(askKind(r)).toBe('partial');
    expect(firstQuote(r)).toContain(topic);
  });

  it('is answered by the figure naming it', () => {
    const r = cities.ask('桐湾区法律顾问团审了多少份合同');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('审查重大合同41份');
  });

  it('counts people in 名 or 人: 14家律师事务所 is no count of 律师', () => {
    expect(askKind(cities.ask('桐湾区企业法律服务联盟有多少个律师'))).toBe('partial');
    const r = cities.ask('桐湾区企业法律服务联盟有多少家律所');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('14家律师事务所');
  });

  it('counts people said in 个 in 名 or 人 (陪审员选了多少个 → 520名), and not the 个 of an office named after people', () => {
    const r = towns.ask('云岫2024年人民陪审员一共选了多少个');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('选任人民陪审员520名');
    expect(askKind(bundled.ask('律师调解工作室有几个'))).not.toBe('answer');
  });

  it('reads a name through its quotation marks (“首违不罚”清单事项 数值:93项)', () => {
    const r = towns.ask('鹤鸣县首违不罚清单里有多少项');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('数值:93项');
  });

  it('counts 意见 as a thing, though a framing word elsewhere', () => {
    expect(askKind(towns.ask('沙汀区城市更新那个重大决策收到多少条意见'))).toBe('partial');
  });

  it('asks a rate the figure must name: 出庭应诉率92.4% is no 万人起诉率', () => {
    expect(askKind(cities.ask('枫川县的万人起诉率多少'))).not.toBe('answer');
    const r = cities.ask('枫川县负责人出庭应诉率多少');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('负责人出庭应诉率92.4%');
  });

  it('counts people named with 人 (法律明白人) in 名, though asked with 个', () => {
    const r = cities.ask('江澜2022年法律明白人培育了多少个');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('“法律明白人”8960名');
  });

  it('reads 趟 as 次 (少跑几趟 → 减少跑动次数2.6次), whatever measure word the topic holds (一件事)', () => {
    const r = cities.ask('桐湾区一件事打包办以后少跑几趟');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('平均减少跑动次数2.6次');
  });

  it('counts people named after 几个 in 名 (几个律师 → 4名律师), and 3个人 is three people, not 个人', () => {
    const r = towns.ask('有几个律师挨了行业处分');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('对4名律师作出行业处分');
  });

  it('reads a domain word the tagger takes for a verb (复议, 听证) as the topic of a count that names nothing else', () => {
    const r = towns.ask('沙汀区复议听证开了几回');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('全年组织听证12次');
  });

  it('does not let a synonym sharing one character stand for a word (复议案|子: 案件 is no 复议案)', () => {
    const r = counties.ask('潮汐市24年复议案子新收了多少件');
    expect(firstQuote(r)).toContain('新收行政复议申请1846件');
  });

  it('counts teams in 支 (综执队建了几支 → 9支)', () => {
    expect(firstQuote(districts.ask('西岭区今年镇上综执队建了几支'))).toContain('组建镇综合行政执法队9支');
  });

  it('finds what it counts right after the figure (85个乡镇)', () => {
    const r = bundled.ask('多少个镇街配了立法联络员');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('85个乡镇(街道)设立基层立法联络员');
  });
});

describe('a rough number in the question', () => {
  it('prefers the figure near it among reports that tell of the same measure', () => {
    const r = cities.ask('规上企业法治体检是不是五十家左右');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('48家规模以上企业');
    const near = cities.ask('行政复议申请是不是一千一百多件');
    expect(firstQuote(near)).toContain('行政复议申请1137件');
  });
});

describe('a report copied out of a PDF', () => {
  it('is quoted in whole sentences, its broken figures whole, with no page number or running header', () => {
    const r = counties.ask('潮汐市2024年市级行政许可事项还剩多少项');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toBe('动态调整市级权责清单，市级行政许可事项精简至286项。');
    const all = counties.search('潮汐市人民政府关于2024年法治政府建设情况的报告', 20);
    expect(all.some((c) => /— \d+ —/u.test(c.quote))).toBe(false);
  });
});

describe('a figure of something else is never passed off as the count asked', () => {
  it.each([
    // 非诉讼纠纷解决中心10个 counts centres, not 纠纷.
    ['cities', '江澜2023年非诉中心一年受理了多少纠纷'],
    // 1540名 is the 法律明白人 of the sentence before the 大讲堂's.
    ['cities', '桐湾区法治大讲堂每期来了多少人听'],
    // 7名 belongs to the item before 三是发挥法律顾问和公职律师作用.
    ['towns', '鹤鸣县法律顾问一共请了多少个'],
    // 46场 of 宣讲 counts no 渔民.
    ['towns', '沙汀区渔港说法覆盖了多少渔民'],
    // 省级 and 市级 示范村 are no 国家级 ones.
    ['counties', '青石县国家级民主法治示范村有几个'],
    // 接待群众1.8万人次 is no count of cases.
    ['counties', '临江区法律援助全年办了多少件'],
  ])('%s: %s gets partial', (library, q) => {
    const engine = library === 'cities' ? cities : library === 'towns' ? towns : counties;
    expect(askKind(engine.ask(q))).toBe('partial');
  });

  it('a compound is held by its parts only when they are all of it (法律服务团 is not 法律 and 服务)', () => {
    expect(askKind(towns.ask('云岫24年那个民企法律服务团一年代理了多少案子'))).not.toBe('answer');
  });

  it('compares a city\'s own years, not its county\'s report, on related evidence stating the figure', () => {
    const r = counties.ask('潮汐的复议量今年比去年涨了多少');
    expect(r.kind === 'answer' ? r.comparison?.rows.map((x) => [x.year, x.figure?.text]) : null).toEqual([
      [2023, '1512件'],
      [2024, '1846件'],
    ]);
  });

  it('a change (同比下降4.3%) answers only a question asking how much something changed', () => {
    expect(askKind(counties.ask('临江区万人成讼率现在是多少'))).toBe('partial');
    const r = cities.ask('桐湾区民商事万人起诉率多少');
    expect(askKind(r)).toBe('answer');
    expect(r.kind === 'answer' ? r.figures[0]?.text : '').toBe('63.2件');
  });

  it('a count in 人次 is answered in 人次, not by a number of people', () => {
    expect(askKind(counties.ask('青石县执法人员今年培训了多少人次'))).toBe('partial');
  });

  it.each([
    // 新增…2个 is not how many there are in all, nor 累计4600余台 how many were new that year.
    ['towns', '云岫24年全国民主法治示范村累计有多少个了'],
    ['counties', '潮汐23年执法记录仪是当年新配了多少台'],
    // 上访 is 信访: a 复议 count answers nothing about it.
    ['towns', '鹤鸣县一年受理了多少件上访'],
    // 宣讲46场 counts no boats.
    ['towns', '沙汀区海上执法一年查了多少条渔船'],
    // 3个项目 names none of them.
    ['bundled', '进了省示范创建评审的那3个项目,分别叫啥'],
  ])('%s: %s gets partial (a total is no count of new ones, names asked and none given)', (library, q) => {
    const engine = library === 'towns' ? towns : library === 'counties' ? counties : bundled;
    expect(askKind(engine.ask(q))).toBe('partial');
  });

  it('the level asked still answers (省级 示范村)', () => {
    const r = counties.ask('青石县省级民主法治示范村新增了几个');
    expect(askKind(r)).toBe('answer');
    expect(firstQuote(r)).toContain('新增省级民主法治示范村');
  });
});
