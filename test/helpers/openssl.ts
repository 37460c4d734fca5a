import { execFileSync } from 'node:child_process';

/** base64(HMAC-SHA1(secret, text)), computed by openssl: an independent check of TURN credentials. */
export function opensslHmacSha1(secret: string, text: string): string {
  return execFileSync('openssl', ['dgst', '-sha1', '-hmac', secret, '-binary'], { input: text }).toString('base64');
}
