// Calls to the playground API. Errors come back as `{ error: { code, message } }`; network failures and timeouts
// become the same shape so the page has one way to show them.
import { ASK_PATH, KNOWLEDGE_PATH, type ApiError, type AskResponse, type KnowledgeResponse } from '../../src/server/playground-api.js';

const TIMEOUT_MS = 20_000;

export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(path, { ...init, signal: ctrl.signal, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON: reported below */
    }
    if (!res.ok) {
      const err = (json as ApiError | null)?.error;
      throw new ApiFailure(err?.code ?? `http_${res.status}`, err?.message ?? `服务器返回 ${res.status}`);
    }
    if (json === null) throw new ApiFailure('bad_response', '服务器返回的不是 JSON');
    return json as T;
  } catch (e) {
    if (e instanceof ApiFailure) throw e;
    if ((e as Error).name === 'AbortError') throw new ApiFailure('timeout', '请求超时,请稍后再试');
    throw new ApiFailure('network', '无法连接服务器:请确认 npm start 仍在运行');
  } finally {
    clearTimeout(timer);
  }
}

export const ask = (question: string) =>
  call<AskResponse>(ASK_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question }) });

export const knowledge = () => call<KnowledgeResponse>(KNOWLEDGE_PATH);
