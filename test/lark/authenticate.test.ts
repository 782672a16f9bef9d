import { describe, expect, it } from 'vitest';
import { authenticate } from '../../src/lark/authenticate.js';
import { TEST_ENCRYPT_KEY as KEY, TEST_VERIFICATION_TOKEN as TOKEN, challenge, encryptedPush, larkEncrypt, p2pText, plainPush } from '../helpers/lark-events.js';

const NOW_S = 1_800_000_000;
const NOW = NOW_S * 1000;
const req = (p: { body: string; headers: Record<string, string> }) => ({ rawBody: Buffer.from(p.body), headers: p.headers });
const enc = { encryptKey: KEY, verificationToken: TOKEN };
const tokenOnly = { encryptKey: null, verificationToken: TOKEN };

describe('authenticate (frozen clock)', () => {
  it('accepts a signed, encrypted event and decodes it', () => {
    const r = authenticate(req(encryptedPush(KEY, p2pText('hi'), { timestampSec: NOW_S })), enc, NOW);
    expect(r).toMatchObject({ ok: true, inbound: { kind: 'message' } });
  });

  it('answers challenges: plain, encrypted, and refuses a wrong token', () => {
    expect(authenticate(req(plainPush(challenge('c'))), enc, NOW)).toMatchObject({ ok: true, inbound: { kind: 'challenge', challenge: 'c' } });
    expect(authenticate(req(plainPush({ encrypt: larkEncrypt(KEY, challenge('e')) })), enc, NOW)).toMatchObject({ ok: true, inbound: { challenge: 'e' } });
    expect(authenticate(req(plainPush(challenge('c', 'bad'))), enc, NOW)).toMatchObject({ ok: false, status: 401, reason: 'bad_token' });
  });

  it('with an Encrypt Key: refuses unsigned, stale, mis-signed and wrong-token events', () => {
    expect(authenticate(req(plainPush({ encrypt: larkEncrypt(KEY, p2pText('x')) })), enc, NOW)).toMatchObject({ status: 401, reason: 'missing_signature' });
    expect(authenticate(req(encryptedPush(KEY, p2pText('x'), { timestampSec: NOW_S - 301 })), enc, NOW)).toMatchObject({ status: 401, reason: 'stale_timestamp' });
    const p = encryptedPush(KEY, p2pText('x'), { timestampSec: NOW_S });
    expect(authenticate(req({ ...p, headers: { ...p.headers, 'x-lark-request-nonce': 'other' } }), enc, NOW)).toMatchObject({ status: 401, reason: 'bad_signature' });
    expect(authenticate(req(encryptedPush(KEY, p2pText('x', { token: 'nope' }), { timestampSec: NOW_S })), enc, NOW)).toMatchObject({ status: 401, reason: 'bad_token' });
  });

  it('without an Encrypt Key: the token decides; encrypted bodies cannot be read', () => {
    expect(authenticate(req(plainPush(p2pText('x'))), tokenOnly, NOW)).toMatchObject({ ok: true });
    expect(authenticate(req(plainPush(p2pText('x', { token: 'nope' }))), tokenOnly, NOW)).toMatchObject({ status: 401, reason: 'bad_token' });
    expect(authenticate(req(plainPush({ encrypt: larkEncrypt(KEY, p2pText('x')) })), tokenOnly, NOW)).toMatchObject({ status: 400, reason: 'decrypt_failed' });
  });

  it('refuses malformed bodies with 400', () => {
    for (const body of ['', '{', '[]', '{"schema":"2.0"}', '"text"']) {
      expect(authenticate({ rawBody: Buffer.from(body), headers: {} }, tokenOnly, NOW), body).toMatchObject({ ok: false, status: 400 });
    }
  });
});
