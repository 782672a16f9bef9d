// Plain-text rendering of a reply: the CLI's output and the last-resort fallback when a card cannot be sent.
import type { AnswerReply, Citation, FigureView, Reply } from './model.js';
import { elsewhereLabel, missingText, overviewLabel, scopeMissText } from './wording.js';

const cite = (c: Citation, i?: number) =>
  `${i === undefined ? '' : `${i + 1}. `}“${c.quote}”\n   —— ${c.document.title}(${c.document.year}),${c.section}${c.corrected ? '\n   (此句经审核校正:原网页文本被篡改,已按原报告恢复)' : ''}`;

const figure = (f: FigureView) => `• ${f.label || f.text}:${f.text}  (${f.section},${f.document.title})`;

const SUBSCRIPTION_TEXT = {
  subscribed: '已订阅:每个工作日会在这里推送每日摘要。发送 /unsubscribe 可退订。',
  already_subscribed: '这里已经订阅了每日摘要。',
  unsubscribed: '已退订每日摘要。',
  not_subscribed: '这里没有订阅每日摘要。',
  unavailable: '订阅功能只能在飞书会话中使用。',
} as const;

/** Groups figures by document when they come from several (each group headed by its document). */
export function byDocument<T extends { document: { id: string; title: string; year: number } }>(items: readonly T[]): { document: T['document']; items: T[] }[] {
  const groups = new Map<string, { document: T['document']; items: T[] }>();
  for (const x of items) {
    const g = groups.get(x.document.id);
    if (g) g.items.push(x);
    else groups.set(x.document.id, { document: x.document, items: [x] });
  }
  return [...groups.values()];
}

function answerText(reply: AnswerReply): string {
  const lines: string[] = [];
  if (reply.comparison) {
    lines.push(`历年对比(${reply.comparison.region ?? ''}):`);
    for (const r of reply.comparison.rows) {
      lines.push(`• ${r.year}年:${r.figure ? `${r.figure.label ? `${r.figure.label} ` : ''}${r.figure.text}` : '报告中没有给出'}${r.citation ? `\n   “${r.citation.quote}”\n   —— ${r.citation.document.title}(${r.citation.document.year}),${r.citation.section}` : ''}`);
    }
    return lines.join('\n');
  }
  if (reply.grade === 'partial' && reply.missing) lines.push(missingText(reply.missing), '');
  if (reply.grade === 'overview' && reply.overview) {
    lines.push(overviewLabel(reply.overview.section), ...reply.citations.map((c, i) => `${i + 1}. “${c.quote}”`), `   —— ${reply.overview.document.title}(${reply.overview.document.year}),${reply.overview.section}`);
    if (reply.figures.length) lines.push('', '本部分数据:', ...reply.figures.map(figure));
    return lines.join('\n');
  }
  const [first, ...rest] = reply.citations;
  if (first) lines.push(reply.grade === 'partial' ? `相关原文:${cite(first)}` : cite(first));
  if (reply.figures.length) lines.push('', '相关数据:', ...reply.figures.map(figure));
  if (rest.length) lines.push('', '其他相关原文:', ...rest.map((c, i) => cite(c, i)));
  return lines.join('\n');
}

export function toText(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return answerText(reply);
    case 'no_answer':
      return [
        scopeMissText(reply.scope),
        ...(reply.suggestions.length ? ['可以看看这些相关章节:', ...reply.suggestions.map((s) => `• ${s.section}(${s.document.title})`)] : []),
        ...(reply.elsewhere ? ['', elsewhereLabel(reply.elsewhere), cite(reply.elsewhere)] : []),
        '发送 /help 查看可用命令。',
      ].join('\n');
    case 'help':
      return ['直接提问即可,例如“全市调解组织调解案件成功率是多少?”。命令:', ...reply.commands.map((c) => `${c.usage}  ${c.summary}(也可用:${c.aliases.filter((a) => /\p{Script=Han}/u.test(a)).map((a) => `/${a}`).join(' ') || '—'})`)].join('\n');
    case 'unknown_command':
      return `没有 /${reply.command} 这个命令。${reply.suggestion ? `是否要用 ${reply.suggestion.usage}?` : ''}发送 /help 查看全部命令。`;
    case 'metric':
      if (!reply.keyword) return ['指标类别(发送 /metric <关键词> 查询):', ...reply.categories.map((c) => `• ${c.name}(${c.count} 项)`)].join('\n');
      if (!reply.figures.length) return `没有找到与“${reply.keyword}”相关的数据。发送 /metric 查看指标类别。`;
      {
        const groups = byDocument(reply.figures);
        const lines = (fs: FigureView[]) => fs.map((f) => `${figure(f)}\n   “${f.quote}”`);
        if (groups.length === 1) return [`与“${reply.keyword}”相关的数据:`, ...lines(reply.figures)].join('\n');
        return [`与“${reply.keyword}”相关的数据(按报告分组):`, ...groups.flatMap((g) => ['', `【${g.document.title}(${g.document.year})】`, ...lines(g.items)])].join('\n');
      }
    case 'search':
      return reply.citations.length ? [`“${reply.query}”的检索结果:`, ...reply.citations.map((c, i) => cite(c, i))].join('\n') : `没有找到与“${reply.query}”相关的原文。`;
    case 'outline':
      return reply.documents.map((d) => [`${d.document.title}(${d.document.year})`, ...d.sections.map((s) => `${'  '.repeat(Math.max(0, s.depth - 1))}${s.number}${s.title}`)].join('\n')).join('\n\n');
    case 'source':
      return [
        ...reply.documents.map((d) =>
          [
            `${d.document.title}(${d.document.region ?? ''} ${d.document.year})`,
            `来源:${d.document.source ?? '未注明'}`,
            `${d.sections} 个章节,${d.paragraphs} 段,${d.sentences} 句,${d.figures} 项数据`,
            ...d.integrity.map((n) => `完整性:“${n.term}”${n.resolution === 'corrected' ? `已校正为“${n.replacement ?? ''}”` : '经审核保留'}(${n.reason};${n.reviewer},${n.date})`),
          ].join('\n'),
        ),
        ...(reply.version ? [`知识库版本 ${reply.version}`] : []),
      ].join('\n\n');
    case 'digest': {
      const d = reply.digest;
      return [
        `每日摘要 ${d.date}${d.announcement ? `(新报告:${d.announcement.document.title})` : ''}`,
        `${d.section.section}(${d.section.document.title})`,
        ...d.citations.map((c, i) => cite(c, i)),
        ...(d.figures.length ? ['数据:', ...d.figures.map(figure)] : []),
        ...(d.questions.length ? ['可以问我:', ...d.questions.map((q) => `• ${q}`)] : []),
      ].join('\n');
    }
    case 'subscription':
      return SUBSCRIPTION_TEXT[reply.action];
    case 'notice':
      return reply.text;
  }
}
