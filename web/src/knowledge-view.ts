// The knowledge tab: documents, outline, a sortable and filterable figures table, integrity notes and corrections.
import type { FigureQualifiers } from '../../src/knowledge/types.js';
import type { KnowledgeFigure, KnowledgeResponse } from '../../src/server/playground-api.js';
import { clear, h } from './dom.js';

type SortKey = 'label' | 'value' | 'category' | 'section';
const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: 'label', label: '指标' },
  { key: 'value', label: '数值' },
  { key: null, label: '原文写法' },
  { key: 'category', label: '类别' },
  { key: 'section', label: '章节' },
  { key: null, label: '限定' },
];

const collator = new Intl.Collator('zh-CN', { numeric: true });

function qualifierText(q: FigureQualifiers): string[] {
  const out: string[] = [];
  if (q.approximate) out.push('约数');
  if (q.change) out.push(q.change);
  if (q.rank !== undefined) out.push(`第${q.rank}`);
  if (q.period) out.push(q.period);
  return out;
}

function section(title: string, id: string, children: (Node | string)[]): HTMLElement {
  return h('section', { class: 'kb-section', id }, [h('h2', {}, [title]), ...children]);
}

function documentsDom(kb: KnowledgeResponse): HTMLElement {
  return section(
    `文档(${kb.documents.length})`,
    'kb-documents',
    kb.documents.length === 0
      ? [h('p', { class: 'muted' }, ['知识库中还没有报告。'])]
      : kb.documents.map((d) =>
          h('div', { class: 'doc-card', 'data-testid': 'kb-document' }, [
            h('div', { class: 'doc-title' }, [`${d.title}(${d.year})`]),
            h('dl', { class: 'doc-meta' }, [
              h('dt', {}, ['地区']),
              h('dd', {}, [d.region ?? '未注明']),
              h('dt', {}, ['来源']),
              h('dd', {}, [d.source ?? '未注明']),
              h('dt', {}, ['发布']),
              h('dd', {}, [d.published ?? '未注明']),
              h('dt', {}, ['文件']),
              h('dd', {}, [h('code', {}, [d.file]), ' ', h('span', { class: 'muted small', title: d.sha256 }, [`sha256 ${d.sha256.slice(0, 12)}…`])]),
              h('dt', {}, ['规模']),
              h('dd', {}, [`${d.sections} 个章节 · ${d.paragraphs} 段 · ${d.sentences} 句 · ${d.figures} 项数据`]),
            ]),
          ]),
        ),
  );
}

function outlineDom(kb: KnowledgeResponse, onAsk: (q: string) => void): HTMLElement {
  return section(
    '目录',
    'kb-outline',
    kb.outline.map((d) =>
      h('div', { class: 'outline' }, [
        h('div', { class: 'outline-doc' }, [`${d.title}(${d.year})`]),
        h(
          'ul',
          { class: 'outline-list' },
          d.sections
            .filter((s) => s.depth > 0)
            .map((s) => {
              const link = h('button', { type: 'button', class: 'linklike', title: `在问答页检索:/search ${s.title}` }, [`${s.number}${s.title}`]);
              link.addEventListener('click', () => onAsk(`/search ${s.title}`));
              return h('li', { class: `depth-${Math.min(3, s.depth)}` }, [link]);
            }),
        ),
      ]),
    ),
  );
}

function figuresDom(figures: KnowledgeFigure[]): HTMLElement {
  let sortKey: SortKey = 'section';
  let dir: 1 | -1 = 1;
  let filter = '';
  const order = new Map(figures.map((f, i) => [f.id, i]));
  const tbody = h('tbody');
  const count = h('span', { class: 'muted small', 'data-testid': 'figure-count' });
  const headCells = COLUMNS.map((c) => {
    const th = h('th', c.key ? { 'aria-sort': 'none', class: 'sortable', tabindex: '0', 'data-key': c.key } : {}, [c.label]);
    if (c.key) {
      const key = c.key;
      const activate = () => {
        dir = sortKey === key ? (dir === 1 ? -1 : 1) : key === 'value' ? -1 : 1;
        sortKey = key;
        draw();
      };
      th.addEventListener('click', activate);
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          activate();
        }
      });
    }
    return th;
  });

  const compare = (a: KnowledgeFigure, b: KnowledgeFigure): number => {
    let r = 0;
    // Document order (the report's own order) is the tie-breaker and the meaning of "sort by section".
    if (sortKey === 'value') r = a.value - b.value;
    else if (sortKey === 'label') r = collator.compare(a.label, b.label);
    else if (sortKey === 'category') r = collator.compare(a.category, b.category);
    return r * dir || ((order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)) * (sortKey === 'section' ? dir : 1);
  };

  function draw() {
    const needle = filter.trim().toLowerCase();
    const shown = figures
      .filter((f) => !needle || [f.label, f.text, f.category, f.section, f.sentence].some((s) => s.toLowerCase().includes(needle)))
      .sort(compare);
    headCells.forEach((th, i) => {
      const key = COLUMNS[i]?.key;
      if (!key) return;
      th.setAttribute('aria-sort', key === sortKey ? (dir === 1 ? 'ascending' : 'descending') : 'none');
      th.dataset.arrow = key === sortKey ? (dir === 1 ? '▲' : '▼') : '';
    });
    clear(tbody);
    for (const f of shown) {
      tbody.appendChild(
        h('tr', { title: f.sentence }, [
          h('td', {}, [f.label || '—']),
          h('td', { class: 'num' }, [`${f.value.toLocaleString('zh-CN')} ${f.unit}`]),
          h('td', {}, [h('strong', {}, [f.text]), f.corrected ? h('span', { class: 'tag tag-corr' }, ['已校正']) : null]),
          h('td', { class: 'nowrap' }, [f.category]),
          h('td', { class: 'small' }, [f.section]),
          h('td', {}, qualifierText(f.qualifiers).map((q) => h('span', { class: 'chip' }, [q]))),
        ]),
      );
    }
    count.textContent = `显示 ${shown.length} / ${figures.length} 项`;
  }

  const input = h('input', { type: 'search', class: 'filter', placeholder: '筛选:指标、类别、章节或原句中的词', 'aria-label': '筛选数据' });
  input.addEventListener('input', () => {
    filter = input.value;
    draw();
  });
  draw();
  return section(`数据表(${figures.length})`, 'kb-figures', [
    h('div', { class: 'table-tools' }, [input, count]),
    h('div', { class: 'table-wrap' }, [h('table', { class: 'grid figures', 'data-testid': 'figures-table' }, [h('thead', {}, [h('tr', {}, headCells)]), tbody])]),
  ]);
}

function integrityDom(kb: KnowledgeResponse): HTMLElement {
  const notes = kb.integrity.length
    ? h('table', { class: 'grid', 'data-testid': 'integrity-table' }, [
        h('thead', {}, [h('tr', {}, ['词表命中', '处理', '恢复为', '理由', '审核', '位置'].map((t) => h('th', {}, [t])))]),
        h(
          'tbody',
          {},
          kb.integrity.map((n) =>
            h('tr', {}, [
              h('td', {}, [h('span', { class: n.masked ? 'masked' : '', title: n.masked ? '被注入的垃圾词不在页面上显示,只保留首字和字数' : '' }, [n.term])]),
              h('td', {}, [h('span', { class: `tag ${n.resolution === 'corrected' ? 'tag-corr' : 'tag-excl'}` }, [n.resolution === 'corrected' ? '已校正' : '确认为原文'])]),
              h('td', {}, [n.replacement ?? '—']),
              h('td', {}, [n.reason]),
              h('td', { class: 'small' }, [`${n.reviewer} · ${n.date}`]),
              h('td', { class: 'small' }, [n.section || n.paragraphId]),
            ]),
          ),
        ),
      ])
    : h('p', { class: 'muted' }, ['词表检查未发现被注入的内容。']);
  const corrections = kb.corrections.length
    ? h(
        'div',
        { class: 'corrections' },
        kb.corrections.map((c) =>
          h('div', { class: 'correction', 'data-testid': 'correction' }, [
            h('div', {}, [h('span', { class: 'masked' }, [c.originalMasked]), ' → ', h('strong', {}, [c.replacement]), h('span', { class: 'muted small' }, [`  ${c.reviewer} · ${c.date}`])]),
            h('div', { class: 'small' }, [c.reason]),
            h('blockquote', { class: 'excerpt' }, [c.excerpt]),
            h('div', { class: 'muted small' }, [c.section || c.paragraphId]),
          ]),
        ),
      )
    : h('p', { class: 'muted' }, ['没有校正。']);
  return section('完整性检查与校正', 'kb-integrity', [
    h('p', { class: 'muted small' }, ['政府网页可能被篡改注入赌博等垃圾词。知识库构建时按词表检查每一段;每处命中都需经审核校正或确认为原文。机器人永远不会发送被注入的词。']),
    h('h3', {}, [`完整性记录(${kb.integrity.length})`]),
    notes,
    h('h3', {}, [`已应用的校正(${kb.corrections.length})`]),
    corrections,
  ]);
}

function synonymsDom(kb: KnowledgeResponse): HTMLElement {
  return section(`同义词(${kb.synonyms.length} 组)`, 'kb-synonyms', [
    kb.synonyms.length
      ? h('div', { class: 'syn-groups' }, kb.synonyms.map((g) => h('div', { class: 'chips' }, g.map((w) => h('span', { class: 'chip chip-syn' }, [w])))))
      : h('p', { class: 'muted' }, ['没有同义词表。']),
  ]);
}

export function knowledgeDom(kb: KnowledgeResponse, onAsk: (q: string) => void): HTMLElement {
  const nav = h(
    'nav',
    { class: 'kb-nav' },
    [
      ['kb-documents', '文档'],
      ['kb-outline', '目录'],
      ['kb-figures', '数据表'],
      ['kb-integrity', '完整性与校正'],
      ['kb-synonyms', '同义词'],
    ].map(([id, label]) => {
      const b = h('button', { type: 'button', class: 'linklike' }, [label ?? '']);
      b.addEventListener('click', () => document.getElementById(id ?? '')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
      return b;
    }),
  );
  return h('div', { class: 'kb', 'data-testid': 'knowledge' }, [
    h('div', { class: 'kb-head' }, [nav, h('span', { class: 'muted small' }, [`知识库版本 ${kb.version.slice(0, 12)}`])]),
    h('div', { class: 'kb-columns' }, [
      h('div', { class: 'kb-main' }, [documentsDom(kb), figuresDom(kb.figures), integrityDom(kb)]),
      h('div', { class: 'kb-side' }, [outlineDom(kb, onAsk), synonymsDom(kb)]),
    ]),
  ]);
}
