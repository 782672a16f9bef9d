// One webhook request → an authenticated, decoded inbound event, or the refusal to send. Pure: the clock is a
// parameter, no I/O. With an Encrypt Key every event must carry a valid signature over the raw body; without
// one the verification token inside the event must match. The URL-verification challenge carries no signature
// (docs/DESIGN.md, "Lark facts": URL verification), so only its token is checked.
import { decodeInbound, type Inbound } from './decode.js';
import { DecryptError, decryptLark, hasSignature, safeEqual, verifyLarkSignature, type SignedRequest } from './verify.js';
import { isObj } from './json.js';

export interface WebhookKeys {
  encryptKey: string | null;
  verificationToken: string | null;
}

export type Authenticated = { ok: true; inbound: Inbound } | { ok: false; status: 400 | 401; reason: string; message: string };

const refuse = (status: 400 | 401, reason: string, message: string): Authenticated => ({ ok: false, status, reason, message });
const TOKEN_MISMATCH = 'verification token mismatch: check LARK_VERIFICATION_TOKEN matches the app';

export function authenticate(req: SignedRequest, keys: WebhookKeys, nowMs: number): Authenticated {
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return refuse(400, 'malformed', 'body is not JSON');
  }
  let signed = false;
  if (keys.encryptKey && hasSignature(req.headers)) {
    const v = verifyLarkSignature(req, keys.encryptKey, nowMs);
    if (!v.ok) return refuse(401, v.reason, v.reason === 'stale_timestamp' ? 'timestamp outside the 5-minute window' : 'signature mismatch: check LARK_ENCRYPT_KEY');
    signed = true;
  }
  if (isObj(body) && typeof body.encrypt === 'string') {
    if (!keys.encryptKey) return refuse(400, 'decrypt_failed', 'encrypted body but LARK_ENCRYPT_KEY is not set');
    try {
      body = JSON.parse(decryptLark(keys.encryptKey, body.encrypt));
    } catch (e) {
      return refuse(400, 'decrypt_failed', e instanceof DecryptError ? e.message : 'decrypted body is not JSON');
    }
  }
  const inbound = decodeInbound(body);
  if (!inbound) return refuse(400, 'malformed', 'not a Lark event (schema 2.0) or URL verification');
  const tokenOk = inbound.token !== null && keys.verificationToken !== null && safeEqual(inbound.token, keys.verificationToken);

  if (inbound.kind === 'challenge') {
    return keys.verificationToken && !tokenOk ? refuse(401, 'bad_token', TOKEN_MISMATCH) : { ok: true, inbound };
  }
  if (keys.encryptKey) {
    if (!signed) return refuse(401, 'missing_signature', 'signed request required: Lark signs every event when an Encrypt Key is set');
    // Defence in depth: a signed event's token is checked too when one is configured.
    if (keys.verificationToken && inbound.token !== null && !tokenOk) return refuse(401, 'bad_token', TOKEN_MISMATCH);
    return { ok: true, inbound };
  }
  return tokenOk ? { ok: true, inbound } : refuse(401, 'bad_token', TOKEN_MISMATCH);
}
