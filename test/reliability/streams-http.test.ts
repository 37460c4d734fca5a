// S2 (issue "Guards that never refuse the right person, round two", item 2):
// one session can't hold every connection. Real HTTP on loopback source
// addresses (127.0.0.0/8), the listener's default caps.
import fs from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../src-main/core';
import type { LiveEngine } from '../../src-main/live/engine';
import { createListener, type Listener } from '../../src-main/listener/index';
import { connectionBudget } from '../../src-main/listener/security';
import { guestSetup } from '../listener/helpers';
import { tmpCore } from '../helpers/tmp';
import { entryForm, submitForm } from './helpers';

let core: Core;
let listener: Listener;
const open: (() => void)[] = [];

async function start(extra: { liveEngine?: LiveEngine } = {}) {
  core = tmpCore();
  listener = await createListener({ core, host: '127.0.0.1', port: 0, heartbeatMs: 60_000, ...extra });
}
afterEach(async () => {
  for (const close of open.splice(0)) close();
  await listener?.close();
  core?.close();
});

/** A guest who knocked (or got in) from an address; returns their cookies (browser and session). */
async function guestAt(token: string, from: string, n: number): Promise<string> {
  const f = await entryForm(listener.url, token, 'g', from);
  const r = await submitForm(listener.url, token, f, { name: `Guest ${n}`, email: `g${n}@example.com` }, 'g', from);
  expect(r.status).toBe(303);
  return r.cookie;
}

/** Opens /s/events as EventSource does; a 200 stays open (closed in afterEach), anything else is read to the end. */
function stream(cookie: string, from: string, agent?: http.Agent): Promise<{ status: number; code: string | null; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${listener.url}/s/events`, { headers: { cookie, accept: 'text/event-stream' }, localAddress: from || undefined, agent: agent ?? false }, (res) => {
      res.on('error', () => {});
      if (res.statusCode === 200) {
        res.resume();
        const close = () => req.destroy();
        open.push(close);
        return resolve({ status: 200, code: null, close });
      }
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: /<code>([^<]+)<\/code>/.exec(body)?.[1] ?? null, close: () => {} }));
    });
    req.on('error', (e) => reject(e));
    req.end();
  });
}

describe('S2: live streams are capped per session and per address', () => {
  it('S2: one waiting guest trying 20,000 event streams gets 5; the rest are refused 429 TOO_MANY_STREAMS', { timeout: 30_000 }, async () => {
    await start();
    const { link } = guestSetup(core, { requireAdmission: true });
    const cookie = await guestAt(link.token, '127.0.8.1', 0);
    const agents = Array.from({ length: 10 }, (_, i) => new http.Agent({ keepAlive: true, maxSockets: 10, localAddress: `127.0.8.${i + 10}` }));
    const counts = new Map<number, number>();
    const codes = new Set<string | null>();
    let opened = 0;
    let next = 0;
    const worker = async (agent: http.Agent) => {
      // Stops early if more than 5 open (the defect): the test must fail fast, not exhaust descriptors.
      while (next < 20_000 && opened <= 5) {
        next++;
        const r = await stream(cookie, '', agent);
        counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
        if (r.status === 200) opened++;
        else codes.add(r.code);
      }
    };
    try {
      await Promise.all(agents.flatMap((a) => [worker(a), worker(a), worker(a), worker(a)]));
    } finally {
      for (const a of agents) a.destroy();
    }
    expect(opened).toBe(5);
    expect(Object.fromEntries(counts)).toEqual({ 200: 5, 429: 19_995 });
    expect([...codes]).toEqual(['TOO_MANY_STREAMS']);
    // Closing a tab gives its place back.
    open[0]!();
    let again = 0;
    for (let i = 0; i < 100 && again !== 200; i++) {
      again = (await stream(cookie, '127.0.8.2')).status;
      if (again !== 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(again).toBe(200);
  });

  it('S2: one address holds at most 200 event streams; another address is not affected', { timeout: 30_000 }, async () => {
    await start();
    const { link } = guestSetup(core, { requireAdmission: true });
    const from = '127.0.9.1';
    const statuses = new Map<number, number>();
    for (let n = 0; n < 60; n++) {
      const cookie = await guestAt(link.token, from, n);
      const rs = await Promise.all(Array.from({ length: 5 }, () => stream(cookie, from)));
      for (const r of rs) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 200, 429: 100 });
    const elsewhere = await guestAt(link.token, '127.0.9.2', 1000);
    expect((await stream(elsewhere, '127.0.9.2')).status).toBe(200);
  });

  it('S2: one address holds at most 200 live WebSockets; the 201st handshake is refused 429', { timeout: 30_000 }, async () => {
    // An engine that never answers: the sockets stay open, nothing else is needed here.
    const engine = {
      status: () => ({ state: 'running' }),
      onStatus: () => () => {},
      ensureRoom: async () => {},
      destroyRoom: async () => {},
      listRooms: async () => [],
      listParticipants: async () => [],
      kick: async () => {},
      mute: async () => {},
      openPeer: () => new Promise(() => {}),
      stop: async () => {},
    } as unknown as LiveEngine;
    await start({ liveEngine: engine });
    const { link } = guestSetup(core, { requireAdmission: false, kind: 'room' });
    const from = '127.0.10.1';
    const origin = listener.url;
    const connect = (cookie: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${listener.url.replace('http', 'ws')}/s/live`, { headers: { cookie, origin }, localAddress: from });
        ws.on('open', () => {
          open.push(() => ws.terminate());
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    const statuses = new Map<number, number>();
    for (let n = 0; n < 205; n++) {
      const s = await connect(await guestAt(link.token, from, n));
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 101: 200, 429: 5 });
  });

  it("S2: the listener's connection budget is half the soft descriptor limit", async () => {
    await start();
    expect(connectionBudget('Limit                     Soft Limit           Hard Limit           Units     \nMax open files            20000                20000                files     \n')).toBe(10_000);
    expect(connectionBudget('Max open files            1024                 524288               files     \n')).toBe(512);
    expect(connectionBudget('nothing here')).toBe(4096);
    expect(listener.maxConnections).toBe(connectionBudget());
    const soft = /^Max open files\s+(\d+)/m.exec(fs.existsSync('/proc/self/limits') ? fs.readFileSync('/proc/self/limits', 'utf8') : '')?.[1];
    if (soft) expect(listener.maxConnections).toBeLessThanOrEqual(Number(soft) / 2);
  });
});
