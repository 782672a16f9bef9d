// Messages in a work group that are not questions about the reports: greetings and thanks, the date or the
// weather, sums, and requests to do a task (book a room, write a note, translate). Quoting the nearest sentence
// to them misleads (a page banner "今天是:2024年3月28日 星期四" once answered 今天是星期几), so they get `none`
// whatever the reports hold. Pure; the patterns are narrow on purpose: a question that merely starts with 帮我查
// or mentions 今年 is still a question about the reports.

/** Punctuation, emoji and sentence-final particles: what is left of 你好呀~ is 你好. */
const FILLER = /[\s\p{P}\p{S}]|[啊呀啦哈吗嘛呢哦噢喔嗯了的吧么～~]+$/gu;

/** A whole message that only greets, thanks, acknowledges or says goodbye. */
const GREETING =
  /^(?:(?:你好|您好|大家好|哈喽|哈啰|嗨|hi|hello|hey|在吗|在不在|在么|在|早上好|上午好|中午好|下午好|晚上好|早安|午安|晚安|早|谢谢|谢谢你|谢谢您|谢啦|多谢|感谢|辛苦了|辛苦|收到|好的|好滴|好嘞|好|行|嗯嗯|嗯|哦哦|ok|okay|拜拜|再见|哈哈|哈哈哈|在吗在吗|老师好|领导好|同事们好|机器人你好|你是谁|你叫啥|你叫什么|你叫什么名字|你是机器人|你是机器人吗)[啊呀啦哈吗嘛呢哦嗯了的吧么]*)+$/u;

/**
 * The date, the time of day or the weather: what a calendar or a forecast tells, never a report. Rain or a typhoon
 * counts only as today's or tomorrow's: 刮台风那阵有没有停工停课 asks what was done, which a report may tell.
 */
const DATE_OR_WEATHER =
  /(?:今天|今日|明天|明日|后天|昨天|现在|此刻|当前|这会儿|今儿)(?:是|是不是)?(?:几月)?(?:几号|几日|星期几|礼拜几|周几|农历|阴历|几点|什么日子|什么节|哪天|多少号)|星期几|礼拜几|农历(?:几|多少|什么)|阴历(?:几|多少)|几点了|几点钟|天气|气温|(?:今天|今日|明天|明日|后天|现在|这会儿|待会|等会|周末|今晚|晚上)(?:会|要|还)?(?:下雨|下雪|刮台风|刮风|降温|升温)/u;

/** A sum to work out (12乘以15, 3加5等于几); not 2021-2023, a span of years. */
const ARITHMETIC = /\d+(?:\.\d+)?\s*(?:加上?|减去?|乘以?|除以|[+*×÷])\s*\d+|等于(?:几|多少)/u;

/** A request to do a task for the asker rather than to look something up in the reports. */
const TASK =
  /^(?:请|麻烦|劳驾)?(?:你)?(?:帮我|帮忙|帮咱|给我|替我|帮)(?:订|定|预订|预定|约|写|起草|拟|翻译|译|转成|转为|转换|转发|改一?下|修改|润色|排版|打印|复印|寄|买|点|叫|取|拿|借|安排|提醒|设置|设个|定个|订个|查下快递|查一?下快递)/u;

/** A request to compose something (写一首关于法治的诗, 编个段子): writing, not looking up. */
const COMPOSE = /^(?:请|麻烦)?(?:你)?(?:帮我|帮忙|给我)?(?:写|作|编|创作|想|拟|起)(?:一)?(?:首|篇|段|个|句|条|副)(?:.{0,12})(?:诗|词|歌|段子|笑话|故事|对联|口号|散文|作文|标语|横幅|宣传语|文案)/u;

/** Asking how to say something in another language (“行政复议”用英语怎么说): a dictionary's question. */
const TRANSLATE = /(?:用|说成|译成|翻成)(?:英语|英文|日语|韩语|法语|德语|俄语|外语)|(?:英语|英文)(?:怎么说|怎么讲|叫什么|叫啥|是什么|是啥)/u;

/** The same request after what it is about (会议纪要帮我润色一下, 这段话帮忙翻译下). */
const TASK_AFTER = /(?:帮我|帮忙|给我|替我)(?:润色|改改|改一?下|修改|写一?[份篇个下]|起草|翻译|译成|校对|排版|整理一?下|打印|复印)|(?:帮我|帮忙|给我|替我)把.{1,12}(?:改成|改为|写成|换成|译成|转成|润色|缩写|扩写)/u;

/** "Send it to me": 文件发我一下, 把材料传给我. */
const SEND_ME = /(?:发|传|转|寄|给)(?:给)?我(?:一下|下|看看|一份)?$/u;

/** Office and personal life: rooms, leave, expenses, parcels, meals, holidays, office machines, leisure. */
const OFFICE_LIFE = /(?:那个|这个|的)会(?:改到|改在|改成|推迟|延到|延期|取消)|会(?:改到|推迟到|延到)几点|^(?:上午|下午|晚上|明天|今天|待会|等会)(?:还|要|还要)?(?:开会|有会)$|电影|电视剧|综艺|股市|股票|彩票|下班|打卡|打印机|复印机|会议室|请假条|请个假|报销单|报销流程|查.{0,2}快递|快递到|点外卖|食堂|午饭|晚饭|聚餐|团建|调休|放假|订票|机票|高铁票|火车票|打车|停车位|wifi|密码是/u;

/** Asking after the office or the bot itself (你们单位在哪, 怎么联系你们): an address book's question, not a report's. */
const ABOUT_US = /你们(?:单位|办公室|部门)?(?:在哪|在哪里|在哪儿|地址|的地址)|(?:怎么|如何|咋)联系你们|你们的?(?:电话|联系方式|邮箱)|谁(?:有|知道).{0,12}(?:电话|手机号|联系方式|微信|邮箱)|(?:电话|手机号|联系方式)(?:号码)?(?:是)?(?:多少|几号)/u;

/** A page's own furniture typed as a message (扫一扫在手机打开当前页, 打印本页). */
const PAGE_FURNITURE = /^(?:扫一扫|打印本页|关闭窗口|返回顶部|在手机(?:上)?打开当前页)|备案号|ICP备|icp备|网站标识码|网站地图|浏览次数|访问量/u;

/** Why a message is chat and not a question about the reports (naming the words that say so), or null. */
export function chatReason(question: string): string | null {
  const text = question.toLowerCase();
  // Sums first: their operators are punctuation, which the other patterns drop.
  const sum = ARITHMETIC.exec(text);
  if (sum) return `a sum to work out (${sum[0]}), not a question about the reports`;
  const bare = text.replace(FILLER, '');
  if (bare.length === 0) return 'the message holds no words';
  if (GREETING.test(bare)) return `a greeting or acknowledgement (${bare}), not a question about the reports`;
  const date = DATE_OR_WEATHER.exec(bare);
  if (date) return `asks the date, the time or the weather (${date[0]}), which the reports do not tell`;
  // "Send me" around a topic (把调解成功率发给我) still asks for it; around a bare 文件 or 材料 it is an errand.
  const send = SEND_ME.exec(bare);
  const sendOnly = send && bare.slice(0, send.index).replace(/^(?:请|麻烦)?(?:你)?把?(?:那个|这个|那份|这份)?/u, '').length <= 3 ? send : null;
  const task = TASK.exec(bare) ?? TASK_AFTER.exec(bare) ?? COMPOSE.exec(bare) ?? TRANSLATE.exec(bare) ?? sendOnly;
  if (task) return `a request to do a task (${task[0]}), not a question about the reports`;
  const us = ABOUT_US.exec(bare);
  if (us) return `asks after the office itself (${us[0]}), not about the reports`;
  const furniture = PAGE_FURNITURE.exec(bare);
  if (furniture) return `a web page's own button or banner (${furniture[0]}), not a question about the reports`;
  const office = OFFICE_LIFE.exec(bare);
  if (office) return `about office life (${office[0]}), not about the reports`;
  return null;
}
