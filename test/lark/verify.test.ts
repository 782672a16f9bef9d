import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { decryptLark, verifyLarkSignature } from '../../src/lark/verify.js';
import { TEST_ENCRYPT_KEY as KEY, larkEncrypt } from '../helpers/lark-events.js';

// Golden vector: sha256("1700000000" + "nonce-abc" + TEST_ENCRYPT_KEY + body), computed independently with `sha256sum`.
const BODY = '{"encrypt":"FIXED"}';
const GOLDEN = { ts: '1700000000', nonce: 'nonce-abc', sig: '457f5dc9df75cc438a2b6595e3d31ad289a800f227899d6ffe8c578649a03ee5' };
const NOW = 1_700_000_000_000;
const headers = (o: Partial<typeof GOLDEN> = {}) => {
  const g = { ...GOLDEN, ...o };
  return { 'x-lark-request-timestamp': g.ts, 'x-lark-request-nonce': g.nonce, 'x-lark-signature': g.sig };
};

describe('verifyLarkSignature', () => {
  it('accepts the golden vector over the raw body', () => {
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: headers() }, KEY, NOW)).toEqual({ ok: true });
  });

  it('hashes the raw bytes: the same JSON with other whitespace does not verify', () => {
    expect(verifyLarkSignature({ rawBody: Buffer.from('{ "encrypt": "FIXED" }'), headers: headers() }, KEY, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses timestamps more than 5 minutes away, either way', () => {
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: headers() }, KEY, NOW + 5 * 60_000 + 1)).toMatchObject({ reason: 'stale_timestamp' });
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: headers() }, KEY, NOW - 5 * 60_000 - 1)).toMatchObject({ reason: 'stale_timestamp' });
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: headers() }, KEY, NOW + 4 * 60_000)).toEqual({ ok: true });
  });

  it('refuses a wrong key, a tampered body, a malformed or missing signature', () => {
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: headers() }, 'other', NOW)).toMatchObject({ reason: 'bad_signature' });
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY.replace('FIXED', 'FIXEE')), headers: headers() }, KEY, NOW)).toMatchObject({ reason: 'bad_signature' });
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: headers({ sig: 'zz' }) }, KEY, NOW)).toMatchObject({ reason: 'bad_signature' });
    expect(verifyLarkSignature({ rawBody: Buffer.from(BODY), headers: {} }, KEY, NOW)).toMatchObject({ reason: 'missing_signature' });
  });
});

describe('decryptLark', () => {
  it('round-trips with the helper and agrees with the SDK AESCipher', () => {
    const payload = { hello: '世界', n: 1 };
    const enc = larkEncrypt(KEY, payload);
    expect(JSON.parse(decryptLark(KEY, enc))).toEqual(payload);
    expect(JSON.parse(new lark.AESCipher(KEY).decrypt(enc))).toEqual(payload);
  });

  it('throws a clear error for a wrong key or garbage', () => {
    expect(() => decryptLark('wrong', larkEncrypt(KEY, { a: 1 }))).toThrow(/LARK_ENCRYPT_KEY/u);
    expect(() => decryptLark(KEY, 'not base64 at all')).toThrow();
  });
});
