// L4: the reach proof. The probe route answers a nonce with
// HMAC-SHA256(reach key, nonce); the key is 32 random bytes kept in this data
// folder's database (`settings.reachKey()`), which the listener and the CLI
// both open, and never sent anywhere. So only a listener of this data folder
// can answer a fresh nonce: a server that copied an earlier answer, or echoes
// the nonce back, can't. The answer carries nothing else that stays the same
// from one nonce to the next, so it fingerprints nobody.
import crypto from 'node:crypto';

const PURPOSE = 'guestlist-probe:';

export function reachProof(key: Buffer, nonce: string): string {
  return crypto.createHmac('sha256', key).update(PURPOSE + nonce).digest('base64url');
}

export function verifyReachProof(key: Buffer, nonce: string, proof: unknown): boolean {
  if (typeof proof !== 'string' || proof.length > 100) return false;
  const want = Buffer.from(reachProof(key, nonce));
  const got = Buffer.from(proof);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}
