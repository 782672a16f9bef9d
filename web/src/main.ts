// The playground page: ask a question or a slash command, see the card Lark would receive and why the engine
// answered; browse the knowledge base. Plain TypeScript over the DOM helpers in dom.ts (text nodes only).
import './style.css';
import { ApiFailure, ask, knowledge } from './api.js';
import { MAX_REQUEST_QUESTION_CHARS, type AskResponse, type KnowledgeResponse } from '../../src/server/playground-api.js';
import { cardDom } from './card-dom.js';
import { append, clear, h } from './dom.js';
import { knowledgeDom } from './knowledge-view.js';
import { replyBadge, retrievalDom } from './retrieval-view.js';

const EXAMPLES = ['全市调解组织调解案件成功率是多少?', '行政复议案件办理情况如何?', '明天天气怎么样?', '/metric 调解', '/search 法律援助', '/outline', '/source', '/help'];
const HISTORY_KEY = 'fazhi-playground-history';
const HISTORY_MAX = 50;

interface Entry {
  question: string;
  at: string;
  response?: AskResponse;
  error?: string;
}

const entries: Entry[] = loadHistory();
let recallIndex = -1;

function loadHistory(): Entry[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((e): e is { question: string; at: string } => typeof e?.question === 'string' && typeof e?.at === 'string')
      .slice(0, HISTORY_MAX)
      .map((e) => ({ question: e.question, at: e.at }));
  } catch {
    return [];
  }
}

function saveHistory(): void {
  try {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(entries.map((e) => ({ question: e.question, at: e.at }))));
  } catch {
    /* storage full or disabled: the history stays in memory */
  }
}

// ---- layout ---------------------------------------------------------------------------------------------------
const app = document.getElementById('app') ?? document.body;
clear(app);

const tabAskBtn = h('button', { type: 'button', class: 'tab active', role: 'tab', 'aria-selected': 'true', 'data-testid': 'tab-ask' }, ['问答调试']);
const tabKbBtn = h('button', { type: 'button', class: 'tab', role: 'tab', 'aria-selected': 'false', 'data-testid': 'tab-knowledge' }, ['知识库']);
const kbMeta = h('span', { class: 'topbar-meta' }, ['正在加载知识库…']);

const input = h('input', {
  type: 'text',
  id: 'question',
  class: 'ask-input',
  autocomplete: 'off',
  maxlength: String(MAX_REQUEST_QUESTION_CHARS),
  placeholder: '输入问题或命令,按 Enter 发送(↑↓ 调出本次会话的历史)',
  'aria-label': '问题或命令',
  'data-testid': 'question',
});
const sendBtn = h('button', { type: 'submit', class: 'btn-primary' }, ['提问']);
const form = h('form', { class: 'askbar', autocomplete: 'off' }, [input, sendBtn]);
const examples = h(
  'div',
  { class: 'examples' },
  [h('span', { class: 'muted small' }, ['试试:'])].concat(
    EXAMPLES.map((q) => {
      const b = h('button', { type: 'button', class: 'example' }, [q]);
      b.addEventListener('click', () => void submit(q));
      return b;
    }),
  ),
);

const historyList = h('ol', { class: 'history-list', 'data-testid': 'history' });
const previewPane = h('div', { class: 'preview-pane', 'data-testid': 'preview' });
const retrievalPane = h('div', { class: 'retrieval-pane' });
const toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite' });

const askTab = h('section', { class: 'tab-panel', id: 'panel-ask', 'data-testid': 'panel-ask' }, [
  form,
  examples,
  h('div', { class: 'ask-grid' }, [
    h('aside', { class: 'panel history' }, [h('h2', {}, ['本次会话']), historyList]),
    h('section', { class: 'panel preview' }, [h('h2', {}, ['飞书卡片预览']), previewPane]),
    h('section', { class: 'panel' }, [h('h2', {}, ['检索详情']), retrievalPane]),
  ]),
]);
const kbTab = h('section', { class: 'tab-panel', id: 'panel-knowledge', hidden: '', 'data-testid': 'panel-knowledge' }, [h('p', { class: 'muted' }, ['正在加载知识库…'])]);

append(app, [
  h('header', { class: 'topbar' }, [
    h('div', { class: 'brand' }, [h('span', { class: 'logo' }, ['法']), h('span', {}, ['法治报告问答 · 调试台']), h('span', { class: 'badge' }, ['本地 · 只读'])]),
    h('nav', { class: 'tabs', role: 'tablist' }, [tabAskBtn, tabKbBtn]),
    kbMeta,
  ]),
  h('main', {}, [askTab, kbTab]),
  toast,
]);

// ---- behaviour ------------------------------------------------------------------------------------------------
function showTab(which: 'ask' | 'knowledge'): void {
  const isAsk = which === 'ask';
  askTab.hidden = !isAsk;
  kbTab.hidden = isAsk;
  tabAskBtn.classList.toggle('active', isAsk);
  tabKbBtn.classList.toggle('active', !isAsk);
  tabAskBtn.setAttribute('aria-selected', String(isAsk));
  tabKbBtn.setAttribute('aria-selected', String(!isAsk));
  if (location.hash !== (isAsk ? '' : '#knowledge')) window.history.replaceState(null, '', isAsk ? location.pathname : '#knowledge');
  if (isAsk) input.focus();
}
tabAskBtn.addEventListener('click', () => showTab('ask'));
tabKbBtn.addEventListener('click', () => showTab('knowledge'));

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function showToast(text: string): void {
  toast.textContent = text;
  toast.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.classList.remove('show'), 4000);
}

function renderHistory(active: Entry | null): void {
  clear(historyList);
  if (entries.length === 0) historyList.appendChild(h('li', { class: 'muted small empty' }, ['还没有提问。']));
  for (const e of entries) {
    const b = e.response ? replyBadge(e.response.reply) : null;
    const badge = e.error ? h('span', { class: 'kind kind-error' }, ['出错']) : b ? h('span', { class: `kind kind-${b.cls}` }, [b.label]) : null;
    const item = h('li', { class: e === active ? 'active' : '' }, [
      h('button', { type: 'button', class: 'history-item', title: e.question }, [h('span', { class: 'history-q' }, [e.question]), h('span', { class: 'history-meta' }, [badge, h('span', { class: 'muted small' }, [e.at])])]),
    ]);
    item.querySelector('button')?.addEventListener('click', () => (e.response ? show(e) : void submit(e.question)));
    historyList.appendChild(item);
  }
}

function show(e: Entry): void {
  clear(previewPane);
  clear(retrievalPane);
  renderHistory(e);
  if (e.error || !e.response) {
    previewPane.appendChild(h('div', { class: 'error-box', 'data-testid': 'error' }, [e.error ?? '没有回复']));
    return;
  }
  const res = e.response;
  const json = h('pre', { class: 'json' }, [JSON.stringify(res.card, null, 2)]);
  append(previewPane, [
    h('div', { class: 'chat' }, [
      h('div', { class: 'bubble-user' }, [e.question]),
      h('div', { class: 'bot-row' }, [
        h('div', { class: 'avatar' }, ['法']),
        cardDom(res.card, (label, value) => showToast(`预览:在飞书中点击“${label}”会回传 ${JSON.stringify(value)};此处不记录反馈。`)),
      ]),
    ]),
    h('details', { class: 'card-json' }, [h('summary', {}, [`卡片 JSON(${res.cardBytes.toLocaleString('zh-CN')} 字节,即飞书收到的内容)`]), json]),
  ]);
  retrievalPane.appendChild(retrievalDom(res));
}

let busy = false;
async function submit(raw: string): Promise<void> {
  const question = raw.trim();
  if (!question || busy) return;
  showTab('ask');
  busy = true;
  sendBtn.disabled = true;
  sendBtn.textContent = '…';
  const entry: Entry = { question, at: new Date().toLocaleTimeString('zh-CN', { hour12: false }) };
  try {
    entry.response = await ask(question);
  } catch (err) {
    entry.error = err instanceof ApiFailure ? err.message : '请求失败';
  } finally {
    busy = false;
    sendBtn.disabled = false;
    sendBtn.textContent = '提问';
  }
  entries.unshift(entry);
  entries.length = Math.min(entries.length, HISTORY_MAX);
  saveHistory();
  recallIndex = -1;
  input.value = '';
  show(entry);
  input.focus();
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  void submit(input.value);
});
input.addEventListener('keydown', (ev) => {
  // Shell-like recall of this session's questions.
  if (ev.key === 'ArrowUp' && entries.length) {
    ev.preventDefault();
    recallIndex = Math.min(entries.length - 1, recallIndex + 1);
    input.value = entries[recallIndex]?.question ?? '';
  } else if (ev.key === 'ArrowDown' && recallIndex >= 0) {
    ev.preventDefault();
    recallIndex -= 1;
    input.value = recallIndex >= 0 ? (entries[recallIndex]?.question ?? '') : '';
  }
});

function emptyState(): void {
  clear(previewPane);
  append(previewPane, [
    h('div', { class: 'empty-state' }, [
      h('p', {}, ['在上方输入问题,按 Enter 发送。这里会显示机器人在飞书中回复的卡片,与飞书收到的卡片 JSON 完全一致。']),
      h('p', { class: 'muted small' }, ['斜杠命令同样可用:/metric 调解、/search 法律援助、/outline、/source、/help。']),
    ]),
  ]);
  clear(retrievalPane);
  retrievalPane.appendChild(h('p', { class: 'muted' }, ['提问后,这里显示问题的分词、同义词扩展、候选句子与得分,以及回答或拒答的原因。']));
}

async function loadKnowledge(): Promise<void> {
  let kb: KnowledgeResponse;
  try {
    kb = await knowledge();
  } catch (err) {
    const msg = err instanceof ApiFailure ? err.message : '加载失败';
    kbMeta.textContent = `知识库加载失败:${msg}`;
    clear(kbTab);
    kbTab.appendChild(h('div', { class: 'error-box' }, [`知识库加载失败:${msg}`]));
    return;
  }
  kbMeta.textContent = `${kb.documents.length} 份报告 · ${kb.figures.length} 项数据 · 版本 ${kb.version.slice(0, 8)}`;
  clear(kbTab);
  kbTab.appendChild(knowledgeDom(kb, (q) => void submit(q)));
}

renderHistory(null);
emptyState();
showTab(location.hash === '#knowledge' ? 'knowledge' : 'ask');
void loadKnowledge();
