// The retrieval details beside the card: what the question became (tokens, synonyms), the top sentences with their
// scores, and why the engine answered or refused.
import type { Reply } from '../../src/reply/model.js';
import type { AskResponse } from '../../src/server/playground-api.js';
import { h, type Child } from './dom.js';

const KIND_LABEL: Record<Reply['kind'], string> = {
  answer: '回答',
  no_answer: '未找到答案',
  help: '帮助命令',
  unknown_command: '未知命令',
  metric: '指标命令',
  search: '检索命令',
  outline: '目录命令',
  source: '来源命令',
  digest: '每日摘要',
  subscription: '订阅命令',
  notice: '提示',
};

const GRADE_LABEL = { answer: '回答', partial: '部分相关', overview: '概览' } as const;

export const kindLabel = (kind: Reply['kind']) => KIND_LABEL[kind] ?? kind;

/** A reply's badge: for a question, its grade (回答 / 部分相关 / 概览 / 未找到答案). */
export function replyBadge(reply: Reply): { cls: string; label: string } {
  if (reply.kind === 'answer') return { cls: reply.grade === 'answer' ? 'answer' : reply.grade, label: GRADE_LABEL[reply.grade] ?? '回答' };
  return { cls: reply.kind, label: kindLabel(reply.kind) };
}

const fmt = (n: number) => (Number.isFinite(n) ? (Math.round(n * 1000) / 1000).toString() : '—');

function chips(items: string[], empty: string, cls = 'chip'): HTMLElement {
  if (items.length === 0) return h('span', { class: 'muted' }, [empty]);
  return h('div', { class: 'chips' }, items.map((t) => h('span', { class: cls }, [t])));
}

function row(label: string, value: Child | Child[]): HTMLElement {
  return h('div', { class: 'kv' }, [h('div', { class: 'kv-k' }, [label]), h('div', { class: 'kv-v' }, Array.isArray(value) ? value : [value])]);
}

export function retrievalDom(res: AskResponse): HTMLElement {
  const { reply, retrieval } = res;
  const stats = h('div', { class: 'stats' }, [
    h('span', { class: `kind kind-${replyBadge(reply).cls}`, 'data-testid': 'reply-kind' }, [replyBadge(reply).label]),
    h('span', { class: 'muted' }, [`用时 ${res.ms} ms · 卡片 ${(res.cardBytes / 1024).toFixed(1)} KB`]),
  ]);
  if (!retrieval) {
    const why =
      reply.kind === 'notice'
        ? '这是一条提示回复(例如问题为空或太长),不经过检索。'
        : '这是命令回复:由命令表直接生成,不经过问答检索。';
    return h('div', { class: 'retrieval', 'data-testid': 'retrieval' }, [stats, h('p', { class: 'muted' }, [why])]);
  }

  const answered = reply.kind === 'answer';
  const cited = new Set(reply.kind === 'answer' ? reply.citations.flatMap((c) => c.sentenceIds) : []);
  const ratio = retrieval.threshold > 0 ? Math.min(1, retrieval.topScore / (retrieval.threshold * 2)) : 0;
  const verdict = h('div', { class: `verdict ${answered ? 'verdict-yes' : 'verdict-no'}`, 'data-testid': 'verdict' }, [
    h('div', { class: 'verdict-title' }, [
      reply.kind !== 'answer'
        ? '✗ 拒答(报告中没有足够相关的原文)'
        : reply.grade === 'partial'
          ? '◐ 部分相关:话题在报告中,但没有所问的数据或细节'
          : reply.grade === 'overview'
            ? '✓ 概览:引用章节要点'
            : '✓ 已回答',
    ]),
    h('div', { class: 'verdict-reason' }, [h('span', { class: 'muted small' }, ['引擎说明:']), retrieval.reason]),
    h('div', { class: 'scorebar', title: `最高分 ${fmt(retrieval.topScore)},阈值 ${fmt(retrieval.threshold)}` }, [
      (() => {
        const fill = h('div', { class: 'scorebar-fill' });
        fill.style.width = `${Math.round(ratio * 100)}%`;
        return fill;
      })(),
      h('div', { class: 'scorebar-threshold' }),
    ]),
    h('div', { class: 'muted small' }, [`最高分 ${fmt(retrieval.topScore)} / 回答阈值 ${fmt(retrieval.threshold)}${reply.kind === 'answer' ? ` · 置信度 ${fmt(reply.confidence)}` : ''}`]),
  ]);

  const maxScore = Math.max(1e-9, ...retrieval.candidates.map((c) => c.score));
  const table = h('table', { class: 'cands', 'data-testid': 'candidates' }, [
    h('thead', {}, [h('tr', {}, [h('th', {}, ['#']), h('th', {}, ['得分']), h('th', {}, ['句子 · 章节'])])]),
    h(
      'tbody',
      {},
      retrieval.candidates.map((c, i) => {
        const bar = h('div', { class: 'minibar' });
        bar.style.width = `${Math.round((c.score / maxScore) * 100)}%`;
        return h('tr', { class: cited.has(c.sentenceId) ? 'cited' : '' }, [
          h('td', { class: 'num' }, [String(i + 1)]),
          h('td', { class: 'score' }, [fmt(c.score), h('div', { class: 'minibar-track' }, [bar])]),
          h('td', {}, [
            h('div', { class: 'cand-text' }, [c.text]),
            h('div', { class: 'cand-sec' }, [c.section, cited.has(c.sentenceId) ? h('span', { class: 'tag tag-cited' }, ['已引用']) : null]),
          ]),
        ]);
      }),
    ),
  ]);

  return h('div', { class: 'retrieval', 'data-testid': 'retrieval' }, [
    stats,
    verdict,
    row('分词', chips(retrieval.tokens, '(没有可检索的词)')),
    row('同义词扩展', chips(retrieval.synonyms, '未使用同义词', 'chip chip-syn')),
    h('h3', {}, [retrieval.candidates.length ? `候选句子(前 ${retrieval.candidates.length} 条)` : '候选句子']),
    retrieval.candidates.length ? table : h('p', { class: 'muted' }, ['没有候选句子。']),
  ]);
}
