// Every JSON endpoint refuses with the same body, `{ "error": { "code", "message" } }`: /api/ask, the webhook in
// local mode, an unknown route, and the playground API. Through the real bot on port 0 (local mode, no Lark).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/server/api-error.js';
import { MAX_REQUEST_QUESTION_CHARS } from '../../src/server/playground-api.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot(null);
});
afterAll(async () => {
  await bot.stop();
});

const post = (path: string, body: string) => fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

async function refusal(res: Response): Promise<{ status: number; code: string; message: string }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/u);
  const body = (await res.json()) as ApiError;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.message.length).toBeGreaterThan(0);
  return { status: res.status, code: body.error.code, message: body.error.message };
}

describe('JSON errors', () => {
  it('/api/ask answers a question and refuses bad requests with the one error body', async () => {
    const ok = await post('/api/ask', JSON.stringify({ question: '全市调解组织调解案件成功率是多少?' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ answered: true, kind: 'answer' });

    expect(await refusal(await post('/api/ask', JSON.stringify({ question: ' ' })))).toMatchObject({ status: 400, code: 'bad_request' });
    const long = await refusal(await post('/api/ask', JSON.stringify({ question: '问'.repeat(MAX_REQUEST_QUESTION_CHARS + 1) })));
    expect(long).toMatchObject({ status: 413, code: 'too_long' });
    expect(long.message).toContain(String(MAX_REQUEST_QUESTION_CHARS));
    expect(await refusal(await post('/api/ask', '{"question":'))).toMatchObject({ status: 400, code: 'malformed' });
  });

  it('the webhook in local mode, an unknown route and the playground API refuse the same way', async () => {
    const webhook = await refusal(await post('/webhook/event', '{}'));
    expect(webhook).toMatchObject({ status: 503, code: 'lark_not_configured' });
    expect(webhook.message).toContain('LARK_APP_ID');
    expect(await refusal(await fetch(`${bot.url}/no/such/route`))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await refusal(await post('/api/playground/ask', '{"question":42}'))).toMatchObject({ status: 400, code: 'invalid_request' });
  });
});
