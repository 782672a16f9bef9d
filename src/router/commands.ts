// The command table. `/help` is generated from it; the same table serves the CLI, Lark and the playground.
import { closest, distance } from 'fastest-levenshtein';
import type { AnswerEngine, ChatContext, DigestPlanner, SubscriptionStore, Today } from '../ports.js';
import type { CommandInfo, Reply } from '../reply/model.js';
import { outlineOf, sourcesOf } from './knowledge-views.js';

export interface CommandDeps {
  engine: AnswerEngine;
  digest?: DigestPlanner;
  subscriptions?: SubscriptionStore;
  today: Today;
}

export interface Command extends CommandInfo {
  /** Commands that read or write state (digest, subscriptions) answer asynchronously. */
  run(args: string, deps: CommandDeps, chat: ChatContext | undefined): Reply | Promise<Reply>;
}

const notice = (level: 'info' | 'warning' | 'error', text: string): Reply => ({ kind: 'notice', level, text });

export const COMMANDS: Command[] = [
  {
    name: 'help',
    aliases: ['帮助', 'h', '?', '？'],
    usage: '/help',
    summary: '查看可用命令和提问方式',
    run: () => ({ kind: 'help', commands: commandInfos() }),
  },
  {
    name: 'metric',
    aliases: ['指标', 'metrics', '数据'],
    usage: '/metric <关键词>',
    summary: '查询报告中的数据指标(如 /metric 调解);不带关键词列出指标类别',
    run: (args, { engine }) => ({
      kind: 'metric',
      keyword: args,
      figures: args ? engine.metrics(args) : [],
      categories: engine.metricCategories(),
    }),
  },
  {
    name: 'search',
    aliases: ['搜索', 's', '查找'],
    usage: '/search <关键词>',
    summary: '按关键词检索报告原文,列出最相关的句子',
    run: (args, { engine }) => (args ? { kind: 'search', query: args, citations: engine.search(args, 5) } : notice('info', '请在 /search 后面写上要检索的关键词,例如:/search 行政复议')),
  },
  {
    name: 'outline',
    aliases: ['目录', 'toc'],
    usage: '/outline',
    summary: '查看报告的章节结构',
    run: (_args, { engine }) => ({ kind: 'outline', documents: outlineOf(engine.kb) }),
  },
  {
    name: 'source',
    aliases: ['来源', 'sources'],
    usage: '/source',
    summary: '查看知识库中的报告、来源信息和原文校正说明',
    run: (_args, { engine }) => ({ kind: 'source', documents: sourcesOf(engine.kb), version: engine.kb.version }),
  },
  {
    name: 'digest',
    aliases: ['摘要'],
    usage: '/digest',
    summary: '立即查看今天的每日摘要',
    run: async (_args, { digest, today }) => (digest ? { kind: 'digest', digest: await digest.digestFor(today()) } : notice('info', '每日摘要暂不可用。')),
  },
  {
    name: 'subscribe',
    aliases: ['订阅'],
    usage: '/subscribe',
    summary: '在本群(或本会话)订阅每日摘要',
    run: async (_args, { subscriptions }, chat) =>
      subscriptions && chat ? { kind: 'subscription', action: await subscriptions.subscribe(chat.chatId) } : { kind: 'subscription', action: 'unavailable' },
  },
  {
    name: 'unsubscribe',
    aliases: ['退订', '取消订阅'],
    usage: '/unsubscribe',
    summary: '退订本群(或本会话)的每日摘要',
    run: async (_args, { subscriptions }, chat) =>
      subscriptions && chat ? { kind: 'subscription', action: await subscriptions.unsubscribe(chat.chatId) } : { kind: 'subscription', action: 'unavailable' },
  },
];

export function commandInfos(): CommandInfo[] {
  return COMMANDS.map(({ name, aliases, usage, summary }) => ({ name, aliases, usage, summary }));
}

export function findCommand(name: string): Command | undefined {
  const n = name.toLowerCase();
  return COMMANDS.find((c) => c.name === n || c.aliases.includes(n));
}

/** The command a mistyped name most likely meant, or null when nothing is close. */
export function closestCommand(name: string): CommandInfo | null {
  // One-letter aliases would be "closest" to every short typo.
  const candidates = COMMANDS.flatMap((c) => [c.name, ...c.aliases]).filter((n) => [...n].length > 1);
  const best = closest(name.toLowerCase(), candidates);
  // About one edit per three characters: `/metic` → metric, `/hlep` → help; `/weather` → nothing.
  if (distance(name.toLowerCase(), best) > Math.ceil([...best].length / 3)) return null;
  const cmd = findCommand(best);
  return cmd ? { name: cmd.name, aliases: cmd.aliases, usage: cmd.usage, summary: cmd.summary } : null;
}
