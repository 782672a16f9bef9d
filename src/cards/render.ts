// Reply model → Lark v2 card JSON (schema 2.0). Pure: the Lark sender, the digest and the playground all render
// through here, so what the playground shows is what Lark receives.
import type { AnswerReply, Citation, CommandInfo, Comparison, FigureView, Reply, SectionSuggestion } from '../reply/model.js';
import { byDocument, toText } from '../reply/to-text.js';
import { elsewhereLabel, missingText, overviewLabel } from '../reply/wording.js';
import { clip, emphasise, escapeMd } from './markdown.js';

export type CardTemplate = 'blue' | 'wathet' | 'turquoise' | 'green' | 'yellow' | 'orange' | 'red' | 'carmine' | 'violet' | 'purple' | 'indigo' | 'grey';

export interface CardElement {
  tag: string;
  [key: string]: unknown;
}

export interface CardJson {
  schema: '2.0';
  config: { update_multi: true; width_mode?: 'fill'; summary?: { content: string } };
  header: { title: { tag: 'plain_text'; content: string }; subtitle?: { tag: 'plain_text'; content: string }; template: CardTemplate };
  body: { elements: CardElement[] };
}

/** What a 👍/👎 button sends back in `card.action.trigger` (`event.action.value`). Kept small: it rides in every card. */
export interface FeedbackValue {
  action: 'feedback';
  vote: 'up' | 'down';
  /** The user's message the card answered (the question), when known. */
  mid?: string;
  /** The question, clipped. */
  q: string;
  /** Top citation: sentence id and section path. */
  sid?: string;
  sec?: string;
}

export interface RenderContext {
  /** The message id of the question this card answers: carried in the feedback buttons. */
  questionMessageId?: string;
}

/** Lark refuses cards over 30 KB (error 230025) and stores style tags inflated; stay well below. */
export const CARD_BYTE_BUDGET = 28_000;
const MORE = '…more(内容较多,已截断;可用 /search 缩小范围)';

const LIMITS = { quote: 300, title: 80, label: 60, section: 120, question: 200, misc: 200, figures: 12, suggestions: 5, outline: 120 } as const;

const md = (content: string, extra: Record<string, unknown> = {}): CardElement => ({ tag: 'markdown', content, ...extra });
const hr = (): CardElement => ({ tag: 'hr' });
const note = (content: string): CardElement => md(`<font color='grey'>${content}</font>`, { text_size: 'notation' });

function card(title: string, template: CardTemplate, elements: CardElement[], subtitle?: string): CardJson {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill', summary: { content: clip(title, 60) } },
    header: {
      title: { tag: 'plain_text', content: clip(title.trim() || '法治报告问答', LIMITS.title) },
      ...(subtitle ? { subtitle: { tag: 'plain_text' as const, content: clip(subtitle, LIMITS.title) } } : {}),
      template,
    },
    body: { elements },
  };
}

const docLabel = (d: { title: string; year: number }) => `${escapeMd(clip(d.title, LIMITS.title))}(${d.year})`;

/** "—— section · document (year)" under a quote. */
const citeLine = (c: { section: string; document: { title: string; year: number } }) =>
  `<font color='grey'>—— ${escapeMd(clip(c.section, LIMITS.section))} · ${docLabel(c.document)}</font>`;

/** A quote and its citation line; `citedAbove` leaves the line out when the card already names that section. */
function quoteBlock(c: Citation, bold: string[], citedAbove = false): string {
  const quote = `> ${emphasise(clip(c.quote, LIMITS.quote), bold, c.highlights)}`;
  return citedAbove ? quote : `${quote}\n\n${citeLine(c)}`;
}

function correctionNote(citations: Citation[]): CardElement | null {
  const replacements = [...new Set(citations.filter((c) => c.corrected).flatMap((c) => c.corrections.map((x) => x.replacement)))];
  if (replacements.length === 0) return null;
  // The original (injected) text is never shown: the note names only what the report said.
  return note(
    `ⓘ 引文经审核校正:原网页文本被篡改,已按原报告恢复为${replacements.map((r) => `“${escapeMd(clip(r, 40))}”`).join('、')}。`,
  );
}

function figureLine(f: FigureView, citedAbove = false): string {
  const label = f.label ? `${escapeMd(clip(f.label, LIMITS.label))}:` : '';
  const line = `- ${label}**${escapeMd(clip(f.text, 40))}**`;
  return citedAbove ? line : `${line} <font color='grey'>(${escapeMd(clip(f.section, LIMITS.section))})</font>`;
}

function feedbackButtons(value: Omit<FeedbackValue, 'vote'>): CardElement {
  const button = (vote: 'up' | 'down', text: string, type: string): CardElement => ({
    tag: 'button',
    text: { tag: 'plain_text', content: text },
    type,
    size: 'small',
    behaviors: [{ type: 'callback', value: { ...value, vote } satisfies FeedbackValue }],
  });
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: 'default',
    columns: [
      { tag: 'column', width: 'auto', elements: [button('up', '👍 有用', 'primary')] },
      { tag: 'column', width: 'auto', elements: [button('down', '👎 没用', 'default')] },
    ],
  };
}

const suggestionLines = (s: SectionSuggestion[]) =>
  s.slice(0, LIMITS.suggestions).map((x) => `- ${escapeMd(clip(x.section, LIMITS.section))} <font color='grey'>${docLabel(x.document)}</font>`);

const commandLines = (commands: CommandInfo[]) =>
  commands.map((c) => {
    const zh = c.aliases.filter((a) => /\p{Script=Han}/u.test(a)).map((a) => escapeMd(`/${a}`));
    return `- **${escapeMd(c.usage)}** ${escapeMd(c.summary)}${zh.length ? ` <font color='grey'>(${zh.join(' ')})</font>` : ''}`;
  });

function feedbackFor(reply: AnswerReply, first: Citation, ctx: RenderContext): CardElement {
  return feedbackButtons({
    action: 'feedback',
    q: clip(reply.question, 100),
    ...(ctx.questionMessageId ? { mid: ctx.questionMessageId } : {}),
    ...(first.sentenceIds[0] ? { sid: first.sentenceIds[0] } : {}),
    sec: clip(first.section, 60),
  });
}

function figuresBlock(figures: FigureView[], title: string, citedAbove = false): CardElement {
  const shown = figures.slice(0, LIMITS.figures);
  const lines = [`**${title}**`, ...shown.map((f) => figureLine(f, citedAbove))];
  if (figures.length > shown.length) lines.push(`<font color='grey'>另有 ${figures.length - shown.length} 项数据</font>`);
  return md(lines.join('\n'), { element_id: 'figures' });
}

function comparisonTable(c: Comparison): string {
  const rows = c.rows.map(
    (r) =>
      `| ${r.year}年 | ${r.figure ? `**${escapeMd(clip(r.figure.text, 40))}**` : '报告中没有给出'} | ${r.citation ? `${escapeMd(clip(r.citation.section, 60))} · ${docLabel(r.citation.document)}` : docLabel(r.document)} |`,
  );
  return ['| 年份 | 数据 | 来源 |', '|---|---|---|', ...rows].join('\n');
}

function renderAnswer(reply: AnswerReply, ctx: RenderContext): CardJson {
  const [first, ...rest] = reply.citations;
  if (!first) return renderNoAnswer({ kind: 'no_answer', question: reply.question, suggestions: [] });
  const figureTexts = reply.figures.map((f) => f.text);
  const elements: CardElement[] = [];
  let template: CardTemplate = 'blue';
  let subtitle = `${first.document.title}(${first.document.year})`;
  if (reply.comparison) {
    elements.push(md([`**历年对比**${reply.comparison.region ? ` · ${escapeMd(reply.comparison.region)}` : ''}`, comparisonTable(reply.comparison)].join('\n'), { element_id: 'comparison' }));
    elements.push(hr(), md(['**原文**', ...reply.citations.map((c) => quoteBlock(c, figureTexts))].join('\n\n'), { element_id: 'answer' }));
    subtitle = '各年度报告';
  } else if (reply.grade === 'overview' && reply.overview) {
    template = 'turquoise';
    const o = reply.overview;
    elements.push(
      md(`${escapeMd(overviewLabel(clip(o.section, LIMITS.section)))}\n\n${citeLine(o)}`, { element_id: 'overview' }),
      md(reply.citations.map((c, i) => `**${i + 1}.** ${quoteBlock(c, figureTexts, c.section === o.section && c.document.id === o.document.id)}`).join('\n\n'), { element_id: 'answer' }),
    );
    if (reply.figures.length) elements.push(hr(), figuresBlock(reply.figures, '本部分数据', true));
    subtitle = `${o.document.title}(${o.document.year})`;
  } else {
    if (reply.grade === 'partial') {
      template = 'yellow';
      // Said first and plainly: the quote is related, it does not give what was asked.
      elements.push(md(`⚠️ **${escapeMd(reply.missing ? missingText(reply.missing) : '报告中只有相关内容,没有直接回答这个问题。')}**`, { element_id: 'missing' }));
      elements.push(md(['**相关原文**', quoteBlock(first, figureTexts)].join('\n\n'), { element_id: 'answer' }));
    } else {
      elements.push(md(quoteBlock(first, figureTexts), { element_id: 'answer' }));
    }
    const further = rest.slice(0, 2);
    if (further.length) elements.push(hr(), md(['**其他相关原文**', ...further.map((c) => quoteBlock(c, figureTexts))].join('\n\n'), { element_id: 'more' }));
    if (reply.figures.length) elements.push(hr(), figuresBlock(reply.figures, '相关数据'));
  }
  const corr = correctionNote(reply.citations.slice(0, reply.grade === 'answer' && !reply.comparison ? 3 : reply.citations.length));
  if (corr) elements.push(corr);
  elements.push(hr(), feedbackFor(reply, first, ctx));
  const title = reply.grade === 'partial' ? `部分相关:${reply.question}` : reply.grade === 'overview' ? `概览:${reply.question}` : reply.question;
  return card(clip(title, LIMITS.title), template, elements, subtitle);
}

function renderNoAnswer(reply: Extract<Reply, { kind: 'no_answer' }>): CardJson {
  const where = reply.scope?.label ? `${escapeMd(clip(reply.scope.label, 30))}的报告中` : '报告中';
  const noReport = reply.scope?.label && reply.scope.documentIds.length === 0;
  const lines = [
    noReport
      ? `知识库中没有${escapeMd(clip(reply.scope!.label, 30))}的报告,无法回答“${escapeMd(clip(reply.question, LIMITS.question))}”。我只引用报告原文,不做猜测。`
      : `${where}没有找到“${escapeMd(clip(reply.question, LIMITS.question))}”的答案。我只引用报告原文,不做猜测。`,
  ];
  if (reply.suggestions.length) lines.push('', '**可以看看这些相关章节:**', ...suggestionLines(reply.suggestions));
  const elements: CardElement[] = [];
  lines.push('', '发送 **/help** 查看可用命令,或换个说法再问。');
  elements.push(md(lines.join('\n')));
  if (reply.elsewhere) {
    // Another report's statement, labelled as such: a pointer, never the answer to the report asked about.
    elements.push(hr(), md([`<font color='grey'>${escapeMd(elsewhereLabel(reply.elsewhere))}</font>`, quoteBlock(reply.elsewhere, [])].join('\n\n'), { element_id: 'elsewhere' }));
  }
  return card(reply.scope ? `${clip(reply.scope.label, 20)}的报告中没有找到答案` : '报告中没有找到答案', 'orange', elements);
}

function metricTable(figures: FigureView[]): string {
  const rows = figures.map(
    (f) =>
      `| ${escapeMd(clip(f.label || f.category || '—', LIMITS.label))} | **${escapeMd(clip(f.text, 40))}** | ${escapeMd(clip(f.section, 60))} · ${docLabel(f.document)} |`,
  );
  return ['| 指标 | 数值 | 来源 |', '|---|---|---|', ...rows].join('\n');
}

function renderMetric(reply: Extract<Reply, { kind: 'metric' }>): CardJson {
  if (!reply.keyword) {
    const lines = ['发送 **/metric <关键词>** 查询具体数据,例如 /metric 调解。', '', ...reply.categories.map((c) => `- ${escapeMd(c.name)}(${c.count} 项)`)];
    return card('指标类别', 'turquoise', [md(lines.join('\n'))]);
  }
  if (reply.figures.length === 0) {
    return card(`没有“${clip(reply.keyword, 30)}”的数据`, 'orange', [
      md(`没有找到与“${escapeMd(clip(reply.keyword, LIMITS.misc))}”相关的数据。发送 **/metric** 查看指标类别。`),
    ]);
  }
  const shown = reply.figures.slice(0, 20);
  const groups = byDocument(shown);
  // Several reports: one table per report, so a figure is never read as another report's.
  const elements: CardElement[] =
    groups.length > 1 ? groups.map((g, i) => md(`**${docLabel(g.document)}**\n${metricTable(g.items)}`, { element_id: `metrics${i === 0 ? '' : `_${i}`}` })) : [md(metricTable(shown), { element_id: 'metrics' })];
  const quotes = shown.slice(0, 5).map((f) => `> ${emphasise(clip(f.quote, LIMITS.quote), [f.text], [reply.keyword])}\n\n${citeLine(f)}`);
  elements.push(hr(), md(['**原文**', ...quotes].join('\n\n')));
  if (shown.some((f) => f.corrected)) elements.push(note('ⓘ 部分引文经审核校正:原网页文本被篡改,已按原报告恢复。'));
  return card(`“${clip(reply.keyword, 30)}”相关数据`, 'turquoise', elements);
}

function renderSearch(reply: Extract<Reply, { kind: 'search' }>): CardJson {
  if (reply.citations.length === 0) {
    return card('没有检索结果', 'orange', [md(`没有找到与“${escapeMd(clip(reply.query, LIMITS.misc))}”相关的原文。换个关键词试试,或发送 **/outline** 查看目录。`)]);
  }
  const blocks = reply.citations.map((c, i) => `**${i + 1}.** ${quoteBlock(c, [])}`);
  const elements: CardElement[] = [md(blocks.join('\n\n'), { element_id: 'results' })];
  const corr = correctionNote(reply.citations);
  if (corr) elements.push(corr);
  return card(`检索:${clip(reply.query, 30)}`, 'wathet', elements);
}

function renderOutline(reply: Extract<Reply, { kind: 'outline' }>): CardJson {
  const elements = reply.documents.flatMap((d, i): CardElement[] => {
    const lines = [`**${docLabel(d.document)}**`];
    const shown = d.sections.filter((s) => s.depth > 0).slice(0, LIMITS.outline);
    for (const s of shown) lines.push(`${'\u3000'.repeat(Math.max(0, s.depth - 1) * 2)}${escapeMd(s.number).replace(/\./gu, '&#46;')}${escapeMd(clip(s.title, LIMITS.title))}`);
    const hidden = d.sections.filter((s) => s.depth > 0).length - shown.length;
    if (hidden > 0) lines.push(`<font color='grey'>另有 ${hidden} 个章节</font>`);
    return [...(i > 0 ? [hr()] : []), md(lines.join('\n'))];
  });
  return card('报告目录', 'indigo', elements.length ? elements.slice(0, 150) : [md('知识库中还没有报告。')]);
}

function renderSource(reply: Extract<Reply, { kind: 'source' }>): CardJson {
  const elements = reply.documents.flatMap((d, i): CardElement[] => {
    const doc = d.document;
    const lines = [
      `**${docLabel(doc)}**${doc.region ? ` · ${escapeMd(clip(doc.region, 40))}` : ''}`,
      `- 来源:${doc.source ? escapeMd(clip(doc.source, LIMITS.misc)) : '未注明'}${doc.published ? `(发布于 ${escapeMd(clip(doc.published, 40))})` : ''}`,
      `- 文件:${escapeMd(clip(doc.file, 80))}`,
      `- ${d.sections} 个章节,${d.paragraphs} 段,${d.sentences} 句,${d.figures} 项数据`,
    ];
    const corrected = d.integrity.filter((n) => n.resolution === 'corrected');
    const excluded = d.integrity.filter((n) => n.resolution === 'excluded');
    if (d.integrity.length === 0) lines.push('- 完整性:未发现被注入的内容');
    // The injected term itself is never shown (it is spam); only what the report said and who reviewed it.
    for (const n of corrected.slice(0, 10)) {
      lines.push(`- 完整性:网页文本中一处被注入的垃圾词已校正为“${escapeMd(clip(n.replacement ?? '', 40))}”(审核:${escapeMd(clip(n.reviewer, 40))},${escapeMd(n.date)})`);
    }
    if (excluded.length) lines.push(`- 完整性:${excluded.length} 处词表命中经审核确认为报告原文`);
    return [...(i > 0 ? [hr()] : []), md(lines.join('\n'))];
  });
  const version = reply.version ? [md(`知识库版本 ${escapeMd(clip(reply.version, 40))}`)] : [];
  return card('知识库来源', 'purple', elements.length ? [...elements.slice(0, 149), ...version] : [md('知识库中还没有报告。')]);
}

function renderDigest(reply: Extract<Reply, { kind: 'digest' }>): CardJson {
  const d = reply.digest;
  const elements: CardElement[] = [];
  if (d.announcement) {
    elements.push(md(`📢 **新报告入库:**${docLabel(d.announcement.document)},共 ${d.announcement.sections} 个章节。`), hr());
  }
  elements.push(md(`**${escapeMd(clip(d.section.section, LIMITS.section))}** <font color='grey'>${docLabel(d.section.document)}</font>`));
  const figureTexts = d.figures.map((f) => f.text);
  // The heading above cites the section: quotes and figures from it need no citation line of their own.
  const fromSection = (x: { section: string; document: { id: string } }) => x.section === d.section.section && x.document.id === d.section.document.id;
  if (d.citations.length) elements.push(md(d.citations.slice(0, 5).map((c) => quoteBlock(c, figureTexts, fromSection(c))).join('\n\n'), { element_id: 'points' }));
  if (d.figures.length) elements.push(hr(), md(['**数据**', ...d.figures.slice(0, LIMITS.figures).map((f) => figureLine(f, fromSection(f)))].join('\n')));
  if (d.questions.length) elements.push(hr(), md(['**可以问我:**', ...d.questions.slice(0, 5).map((q) => `- ${escapeMd(clip(q, LIMITS.misc))}`)].join('\n')));
  const corr = correctionNote(d.citations);
  if (corr) elements.push(corr);
  return card(`每日摘要 · ${d.date}`, 'green', elements);
}

const SUBSCRIPTION: Record<Extract<Reply, { kind: 'subscription' }>['action'], [string, CardTemplate, string]> = {
  subscribed: ['已订阅每日摘要', 'green', '每个工作日会在这里推送一份每日摘要。发送 **/unsubscribe** 可退订。'],
  already_subscribed: ['已经订阅', 'blue', '这里已经订阅了每日摘要。发送 **/unsubscribe** 可退订。'],
  unsubscribed: ['已退订', 'grey', '已退订每日摘要。发送 **/subscribe** 可重新订阅。'],
  not_subscribed: ['没有订阅', 'grey', '这里没有订阅每日摘要。发送 **/subscribe** 订阅。'],
  unavailable: ['无法订阅', 'orange', '订阅功能只能在飞书会话中使用。'],
};

const NOTICE: Record<Extract<Reply, { kind: 'notice' }>['level'], [string, CardTemplate]> = {
  info: ['提示', 'blue'],
  warning: ['提示', 'orange'],
  error: ['出错了', 'red'],
};

function renderUnfitted(reply: Reply, ctx: RenderContext): CardJson {
  switch (reply.kind) {
    case 'answer':
      return renderAnswer(reply, ctx);
    case 'no_answer':
      return renderNoAnswer(reply);
    case 'help':
      return card('使用帮助', 'blue', [
        md(['直接提问即可,例如“全市调解组织调解案件成功率是多少?”。在群里请 @ 我。', '', '**命令**', ...commandLines(reply.commands)].join('\n')),
      ]);
    case 'unknown_command': {
      const hint = reply.suggestion ? `是否要用 **${escapeMd(reply.suggestion.usage)}**?${escapeMd(reply.suggestion.summary)}` : '';
      return card('没有这个命令', 'orange', [
        md(`没有 **${escapeMd(clip(`/${reply.command}`, 40))}** 这个命令。${hint}`),
        hr(),
        md(['**可用命令**', ...commandLines(reply.commands)].join('\n')),
      ]);
    }
    case 'metric':
      return renderMetric(reply);
    case 'search':
      return renderSearch(reply);
    case 'outline':
      return renderOutline(reply);
    case 'source':
      return renderSource(reply);
    case 'digest':
      return renderDigest(reply);
    case 'subscription': {
      const [title, template, text] = SUBSCRIPTION[reply.action];
      return card(title, template, [md(text)]);
    }
    case 'notice': {
      const [title, template] = NOTICE[reply.level];
      return card(title, template, [md(escapeMd(clip(reply.text, 2000)))]);
    }
  }
}

export const cardBytes = (c: object) => Buffer.byteLength(JSON.stringify(c), 'utf8');

/** Shrinks the largest markdown element line by line (never inside a line, so no tag or entity is cut). */
function fit(c: CardJson, budget: number): CardJson {
  const out = structuredClone(c);
  let guard = 0;
  while (cardBytes(out) > budget && guard++ < 10_000) {
    const mds = out.body.elements.filter((e): e is CardElement & { content: string } => e.tag === 'markdown' && typeof e.content === 'string');
    const biggest = mds.sort((a, b) => Buffer.byteLength(b.content) - Buffer.byteLength(a.content))[0];
    if (!biggest) break;
    const lines = biggest.content.split('\n');
    if (lines.at(-1) === MORE) lines.pop();
    if (lines.length <= 1) {
      // One huge line cannot be cut safely: drop the element.
      out.body.elements = out.body.elements.filter((e) => e !== biggest);
      continue;
    }
    // Cut roughly the overflow at once, at least one line.
    const over = cardBytes(out) - budget;
    let cut = 0;
    let removed = 0;
    while (lines.length > 1 && (removed < over || cut === 0)) {
      removed += Buffer.byteLength(lines.pop() ?? '') + 1;
      cut++;
    }
    biggest.content = [...lines, MORE].join('\n');
  }
  return out;
}

/**
 * Renders a reply as a Lark v2 card. The result is valid card JSON under `CARD_BYTE_BUDGET` bytes for any reply:
 * user text is escaped, lists are bounded, and oversized content is cut with "…more".
 */
export function renderCard(reply: Reply, ctx: RenderContext = {}, budget: number = CARD_BYTE_BUDGET): CardJson {
  const c = renderUnfitted(reply, ctx);
  if (cardBytes(c) <= budget) return c;
  const fitted = fit(c, budget);
  if (cardBytes(fitted) <= budget) return fitted;
  return card('内容过长', 'grey', [md('回复内容过长,无法以卡片显示。请缩小问题范围,或用 /search 检索。')]);
}

/** Plain-text fallback (sent when Lark rejects a card); bounded well under 150 KB. */
export function renderText(reply: Reply): string {
  const text =
    reply.kind === 'source'
      ? reply.documents
          .map((d) =>
            [
              `${d.document.title}(${d.document.year})`,
              `来源:${d.document.source ?? '未注明'}`,
              `${d.sections} 个章节,${d.paragraphs} 段,${d.sentences} 句,${d.figures} 项数据`,
              ...d.integrity.map((n) => (n.resolution === 'corrected' ? `完整性:一处被注入的垃圾词已校正为“${n.replacement ?? ''}”(${n.reviewer},${n.date})` : '完整性:一处词表命中经审核确认为原文')),
            ].join('\n'),
          )
          .join('\n\n')
      : toText(reply);
  // Text messages render `<at user_id="all">` and `<b>` tags: user text must not be able to @everyone.
  return clip(text.replace(/</gu, '＜').replace(/>/gu, '＞'), 20_000);
}
