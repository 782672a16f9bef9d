import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/obs/logger.js';

const SECRET = 'app-secret-known-0123456789';
const KEY = 'encrypt-key-known-abcdef';
const TOKEN = 'verification-token-known-xyz';

function capture(level = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ level, destination }), text: () => lines.join('') };
}

describe('logger redaction', () => {
  it('never prints credentials, tokens or message bodies, wherever they are passed', () => {
    const { log, text } = capture();
    log.info({ config: { LARK_APP_SECRET: SECRET, LARK_ENCRYPT_KEY: KEY, LARK_VERIFICATION_TOKEN: TOKEN } }, 'config');
    log.info({ appSecret: SECRET, encryptKey: KEY, verificationToken: TOKEN, token: TOKEN }, 'flat');
    log.warn({ lark: { appSecret: SECRET, encryptKey: KEY, verificationToken: TOKEN, app_secret: SECRET, tenant_access_token: TOKEN } }, 'nested');
    log.error({ req: { headers: { authorization: `Bearer ${TOKEN}` } }, headers: { authorization: `Bearer ${TOKEN}` } }, 'request');
    log.info({ body: '{"encrypt":"…"}', content: '{"text":"用户的问题"}', message: { content: '{"text":"用户的问题"}' } }, 'bodies');
    const child = log.child({ eventId: 'ev_1', messageId: 'om_1', chatId: 'oc_1' });
    child.info({ content: '{"text":"用户的问题"}' }, 'per event');
    const out = text();
    for (const s of [SECRET, KEY, TOKEN, '用户的问题', 'Bearer']) expect(out).not.toContain(s);
    expect(out).toContain('[redacted]');
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ eventId: 'ev_1', messageId: 'om_1', chatId: 'oc_1', msg: 'per event', level: 30 });
  });
});
