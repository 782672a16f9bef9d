// Request verification for Lark webhooks. Pure (the clock is a parameter). Unlike the SDK's own check, this
// hashes the raw body bytes (as Lark's docs prescribe), compares in constant time, refuses stale timestamps,
// and never passes when a key is configured but the headers are missing (docs/DESIGN.md, "Lark facts": signature).
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export const MAX_SKEW_MS = 5 * 60 * 1000;

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing_signature' | 'stale_timestamp' | 'bad_signature' };

export interface SignedRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

const header = (h: SignedRequest['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** True when the request carries Lark's signature headers at all. */
export const hasSignature = (headers: SignedRequest['headers']) => header(headers, 'x-lark-signature') !== undefined;

/** sha256(timestamp + nonce + encryptKey + rawBody) hex vs `X-Lark-Signature`, within ±5 minutes. */
export function verifyLarkSignature(req: SignedRequest, encryptKey: string, nowMs: number, maxSkewMs = MAX_SKEW_MS): VerifyResult {
  const ts = header(req.headers, 'x-lark-request-timestamp');
  const nonce = header(req.headers, 'x-lark-request-nonce');
  const sig = header(req.headers, 'x-lark-signature');
  if (!ts || nonce === undefined || !sig) return { ok: false, reason: 'missing_signature' };
  const tsMs = Number(ts) * 1000;
  if (!Number.isFinite(tsMs) || Math.abs(nowMs - tsMs) > maxSkewMs) return { ok: false, reason: 'stale_timestamp' };
  const expected = createHash('sha256').update(ts + nonce + encryptKey, 'utf8').update(req.rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(sig, 'hex');
  } catch {
    return { ok: false, reason: 'bad_signature' };
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}

/** Constant-time string comparison (verification tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}

export class DecryptError extends Error {
  override readonly name = 'DecryptError';
}

/** AES-256-CBC, key = sha256(encryptKey), base64(IV ‖ ciphertext), PKCS#7 — Lark's `{"encrypt": …}` bodies. */
export function decryptLark(encryptKey: string, encrypted: string): string {
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) throw new DecryptError('encrypted body has the wrong length');
  const key = createHash('sha256').update(encryptKey).digest();
  try {
    const d = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
    return Buffer.concat([d.update(buf.subarray(16)), d.final()]).toString('utf8');
  } catch {
    throw new DecryptError('cannot decrypt: check that LARK_ENCRYPT_KEY matches the Encrypt Key in the developer console');
  }
}
