// L4: does the public base URL reach *this* listener? The check asks the probe
// route through the base URL with a fresh nonce and checks the answer is the
// HMAC of that nonce under this data folder's reach key (core/reachProof.ts),
// which only a listener of this data folder can give: "some server answered",
// or a server echoing what it once saw, is not enough.
// Plain Node (node:http/https), so the CLI, `serve` and the app share it.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Core } from '../core';
import { isLoopbackHost } from '../core/network';
import { verifyReachProof } from '../core/reachProof';
import { readListenerAddress } from '../core/servedAddress';
import { PROBE_PATH } from '.';

export type ReachCode = 'OK' | 'LOOPBACK_ONLY' | 'NO_LISTENER' | 'UNREACHABLE' | 'TLS_ERROR' | 'OTHER_SERVER';
export type ReachScope = 'this-computer' | 'network' | 'internet';

export interface ReachResult {
  ok: boolean;
  scope: ReachScope;
  code: ReachCode;
  message: string;
  baseUrl: string;
  listenerUrl: string | null;
  checkedAt: string;
}

type ProbeOutcome =
  | { kind: 'answer'; status: number; body: unknown; location?: string }
  | { kind: 'failed'; code: 'UNREACHABLE' | 'TLS_ERROR'; why: string };

const DNS_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TLS_ERRORS = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/;

function describeFailure(e: NodeJS.ErrnoException, host: string): { code: 'UNREACHABLE' | 'TLS_ERROR'; why: string } {
  const code = e.code ?? '';
  if (DNS_ERRORS.has(code)) return { code: 'UNREACHABLE', why: `DNS failure: the name ${host} could not be found (${code})` };
  if (code === 'ECONNREFUSED') return { code: 'UNREACHABLE', why: `connection refused: nothing accepts connections at ${host}` };
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT') return { code: 'UNREACHABLE', why: `timeout: ${host} did not answer in time` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { code: 'UNREACHABLE', why: `no route to ${host} (${code})` };
  if (TLS_ERRORS.test(code) || /certificate|ssl|tls/i.test(e.message)) return { code: 'TLS_ERROR', why: `${e.message} (${code || 'TLS'})` };
  return { code: 'UNREACHABLE', why: `${e.message}${code ? ` (${code})` : ''}` };
}

/** One GET of the probe; never rejects. Redirects are not followed (a proxy that redirects is not serving the links). */
export function probe(baseUrl: string, nonce: string, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(`${baseUrl.replace(/\/+$/, '')}${PROBE_PATH}?nonce=${nonce}`);
    } catch {
      resolve({ kind: 'failed', code: 'UNREACHABLE', why: `${baseUrl} is not a URL` });
      return;
    }
    const get = url.protocol === 'https:' ? https.get : http.get;
    let settled = false;
    const done = (o: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = get(url, { headers: { accept: 'application/json' }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        if (body.length > 16 * 1024) res.destroy();
      });
      res.on('error', () => done({ kind: 'answer', status: res.statusCode ?? 0, body: null }));
      res.on('end', () => {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(body);
        } catch {
          /* not JSON: not a Guestlist probe */
        }
        done({ kind: 'answer', status: res.statusCode ?? 0, body: parsed, location: typeof res.headers.location === 'string' ? res.headers.location : undefined });
      });
    });
    const timer = setTimeout(() => {
      const e = Object.assign(new Error('timeout'), { code: 'TIMEOUT' });
      req.destroy(e);
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => done({ kind: 'failed', ...describeFailure(e, url.host) }));
  });
}

const isOurs = (o: ProbeOutcome, key: Buffer, nonce: string) =>
  o.kind === 'answer' && o.status === 200 && typeof o.body === 'object' && o.body !== null && verifyReachProof(key, nonce, (o.body as { proof?: unknown }).proof);

export function reachScope(baseUrl: string, explicit: boolean): ReachScope {
  let host = '';
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    /* checked by the caller */
  }
  if (isLoopbackHost(host)) return 'this-computer';
  return explicit ? 'internet' : 'network';
}

/** L4: the whole check, with a plain sentence for each outcome. Never rejects. */
export async function checkReach(core: Core, opts: { timeoutMs?: number } = {}): Promise<ReachResult> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const baseUrl = core.settings.baseUrl();
  const explicit = core.settings.explicitBaseUrl() !== null;
  const scope = reachScope(baseUrl, explicit);
  const served = readListenerAddress(core.dataDir);
  const reachKey = core.settings.reachKey();
  const result = (ok: boolean, code: ReachCode, message: string): ReachResult => ({ ok, scope, code, message, baseUrl, listenerUrl: served?.listenerUrl ?? null, checkedAt: new Date().toISOString() });
  const nonce = () => crypto.randomBytes(18).toString('base64url');

  const noListener = 'Nothing is serving this data folder, so no link works yet. Start the Guestlist app or `guestlist serve`.';
  if (!served) return result(false, 'NO_LISTENER', noListener);
  const localNonce = nonce();
  if (!isOurs(await probe(served.listenerUrl, localNonce, timeoutMs), reachKey, localNonce)) {
    return result(false, 'NO_LISTENER', `${noListener} (Nothing of this data folder answers at ${served.listenerUrl}, where its listener last ran.)`);
  }

  const n = nonce();
  const o = await probe(baseUrl, n, timeoutMs);
  if (o.kind === 'failed') {
    if (o.code === 'TLS_ERROR') return result(false, 'TLS_ERROR', `Links use ${baseUrl}, but its HTTPS certificate is not accepted: ${o.why}. Guests' browsers would warn or refuse. Check the certificate of your proxy or tunnel.`);
    return result(false, 'UNREACHABLE', `Links use ${baseUrl}, but it cannot be reached: ${o.why}. Check the address, and that your proxy or tunnel is running.`);
  }
  if (!isOurs(o, reachKey, n)) {
    const body = o.body as { service?: unknown } | null;
    const who =
      o.status >= 300 && o.status < 400
        ? `a redirect (HTTP ${o.status}${o.location ? ` to ${o.location}` : ''})`
        : body?.service === 'guestlist'
          ? 'a Guestlist listener of another data folder'
          : `another server (HTTP ${o.status})`;
    return result(false, 'OTHER_SERVER', `Links use ${baseUrl}, but ${who} answers there, not this listener. Point the address (or your proxy) at this listener, ${served.listenerUrl}.`);
  }
  if (scope === 'this-computer') {
    return result(true, 'LOOPBACK_ONLY', `Links use ${baseUrl}: they open on this computer only. To share them, choose "My network" or enter a public URL in Settings → Where guests reach you.`);
  }
  // What the check proved, no more: this computer reached this listener at that address.
  if (scope === 'network') {
    return result(true, 'OK', `Links use ${baseUrl}. Checked from this computer: this listener answers at its address on your network. A firewall (on this computer or the network) may still block other devices; open a link from a phone on the same network to be sure.`);
  }
  return result(true, 'OK', `Links use ${baseUrl}. Checked from this computer: it reaches this listener. Other devices take their own path to it; open a link from one of them to be sure.`);
}
