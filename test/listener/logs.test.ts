// Logs (src-main/log): after real requests, the log file has one line per
// request with the route pattern, and no secret: no link or invite token,
// no cookie value, no CSRF value, no full email. And the files stay bounded.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createListener, type Listener } from '../../src-main/listener';
import { createLog, formatLine, type Log, logsDir, maskEmail, requestWriter } from '../../src-main/log';
import { RotatingFile } from '../../src-main/log/rotatingFile';
import { type Core } from '../../src-main/core';
import { tmpCore, tmpDir } from '../helpers/tmp';
import { Client, csrfOf, guestSetup, inviteSetup } from './helpers';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function logged(): Promise<{ core: Core; listener: Listener; log: Log; dataDir: string }> {
  const dataDir = tmpDir();
  const core = tmpCore({ dataDir });
  const log = createLog({ dataDir, name: 'host', level: 'info' });
  const listener = await createListener({ core, host: '127.0.0.1', port: 0, logger: log.logger, recordAddress: false });
  cleanup = async () => {
    await listener.close();
    core.close();
    log.close();
  };
  return { core, listener, log, dataDir };
}

describe('logs: one line per request, no secrets', () => {
  it('a guest entry, a redemption with an email, a session and an invite leave route patterns and no token, cookie, CSRF or email', async () => {
    const { core, listener, log, dataDir } = await logged();
    const { link, media } = guestSetup(core, { requireAdmission: false });
    const email = 'ada.lovelace@example.org';
    const invite = inviteSetup(core, media.id, 'grace.hopper@example.org', 'viewer');

    const guest = new Client(listener.url);
    const page = await guest.get(`/g/${link.token}`);
    expect(page.status).toBe(200);
    const csrf = csrfOf(await page.text());
    const redeemed = await guest.post(`/g/${link.token}`, { _csrf: csrf, name: 'Ada', email });
    expect(redeemed.status).toBe(303);
    expect((await guest.get('/s')).status).toBe(200);
    const invited = new Client(listener.url);
    expect((await invited.get(`/i/${invite.token}`)).status).toBe(200);

    log.flush();
    const text = fs.readFileSync(path.join(logsDir(dataDir), 'host.log'), 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.map((l) => `${l.method} ${l.route} ${l.status}`)).toEqual(['GET /g/:token 200', 'POST /g/:token 303', 'GET /s 200', 'GET /i/:token 200']);
    for (const r of requests) {
      expect(r.ip).toBe('127.0.0.1');
      expect(typeof r.ms).toBe('number');
    }

    const secrets = {
      linkToken: link.token,
      inviteToken: invite.token,
      csrf,
      email,
      inviteEmail: 'grace.hopper@example.org',
      ...Object.fromEntries([...guest.jar, ...invited.jar].map(([k, v]) => [`cookie ${k}`, v])),
    };
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(['cookie gl_b', 'cookie gl_s']));
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret.length, what).toBeGreaterThan(8);
      expect(text.includes(secret), `${what} appears in the log`).toBe(false);
      expect(text.includes(encodeURIComponent(secret)), `${what} (encoded) appears in the log`).toBe(false);
    }
  });

  it('an email anything logs is masked on its way to the file (a***@example.org)', async () => {
    const dataDir = tmpDir();
    const log = createLog({ dataDir, name: 'serve', level: 'info' });
    log.logger.warn({ who: 'ada.lovelace@example.org' }, 'refused ada.lovelace@example.org');
    log.close();
    const text = fs.readFileSync(path.join(logsDir(dataDir), 'serve.log'), 'utf8');
    expect(text).not.toContain('ada.lovelace@');
    expect(text).toContain('a***@example.org');
    expect(maskEmail('ada@example.org')).toBe('a***@example.org');
  });

  it('the level is honoured: at warn, requests are not logged', async () => {
    const { core, listener, log, dataDir } = await logged();
    log.setLevel('warn');
    const { link } = guestSetup(core);
    expect((await fetch(`${listener.url}/g/${link.token}`)).status).toBe(200);
    log.flush();
    expect(fs.readFileSync(path.join(logsDir(dataDir), 'host.log'), 'utf8')).not.toContain('"request"');
  });

  it('a request line reads as one short line for the terminal', () => {
    const line = JSON.stringify({ level: 30, time: '2026-06-01T09:00:00.000Z', msg: 'request', method: 'GET', route: '/g/:token', status: 200, ms: 3.14, ip: '192.0.2.7' });
    expect(formatLine(line)).toMatch(/^\d\d:\d\d:\d\d GET \/g\/:token 200 3\.1ms 192\.0\.2\.7$/);
    expect(formatLine(JSON.stringify({ level: 40, time: 0, msg: 'listener failed', code: 'PORT_IN_USE' }))).toMatch(/ WARN listener failed code=PORT_IN_USE$/);
  });
});

describe('logs: the request line', () => {
  it("the listener's fast request line is the JSON pino writes for logger.info(fields, 'request'), with the time and the bindings", () => {
    const dataDir = tmpDir();
    const log = createLog({ dataDir, name: 'host', level: 'info' });
    const fields = { method: 'GET', route: '/g/:token', status: 200, ms: 1.3, ip: '192.0.2.7' };
    log.logger.info(fields, 'request');
    requestWriter(log.logger)(fields);
    log.setLevel('warn');
    requestWriter(log.logger)(fields); // not at warn
    log.close();
    const lines = fs.readFileSync(path.join(logsDir(dataDir), 'host.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const [viaPino, fast] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(fast!)).toEqual(Object.keys(viaPino!));
    expect({ ...fast, time: 'T' }).toEqual({ ...viaPino, time: 'T' });
    expect(Date.parse(fast!.time as string)).not.toBeNaN();
    expect(formatLine(lines[1]!)).toBe(formatLine(lines[0]!));
  });

  it('an address that is not one (a trusted proxy may forward any text) is masked like any email', () => {
    const dataDir = tmpDir();
    const log = createLog({ dataDir, name: 'host', level: 'info' });
    requestWriter(log.logger)({ method: 'GET', route: '/g/:token', status: 200, ms: 1, ip: 'ada.lovelace@example.org' });
    log.close();
    const text = fs.readFileSync(path.join(logsDir(dataDir), 'host.log'), 'utf8');
    expect(text).not.toContain('ada.lovelace');
    expect(JSON.parse(text).ip).toBe('a***@example.org');
  });
});

describe('logs: rotated files stay bounded', () => {
  it('at most maxFiles files, each about maxBytes; the newest lines are in NAME', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'logs', 'host.log');
    const r = new RotatingFile(file, { maxBytes: 4096, maxFiles: 3 });
    const line = (i: number) => `${JSON.stringify({ i, pad: 'x'.repeat(100) })}\n`;
    for (let i = 0; i < 1000; i++) {
      r.write(line(i));
      if (i % 10 === 9) r.flush();
    }
    r.close();
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['host.log', 'host.log.1', 'host.log.2']);
    for (const n of names) expect(fs.statSync(path.join(dir, 'logs', n)).size).toBeLessThanOrEqual(4096);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').pop()).toBe(line(999).trim());
    // .1 holds the lines just before NAME's: nothing lost between them.
    const first = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]!) as { i: number };
    const prev = JSON.parse(fs.readFileSync(`${file}.1`, 'utf8').trim().split('\n').pop()!) as { i: number };
    expect(prev.i).toBe(first.i - 1);
  });
});

describe('logs: the host takes its level from main', () => {
  it('log.setLevel changes the host logger; a level that is not one is refused', async () => {
    const { HostClient } = await import('../../src-main/host/client');
    const { inProcessHost } = await import('../../src-main/host/inProcess');
    const dataDir = tmpDir();
    const core = tmpCore({ dataDir });
    const log = createLog({ dataDir, name: 'serve', level: 'info' });
    const host = new HostClient({ spawn: () => inProcessHost({ dataDir, core, logger: log.logger }) });
    cleanup = async () => {
      await host.shutdown();
      log.close();
    };
    expect((await host.start()).ok).toBe(true);
    expect(await host.call('log.setLevel', { level: 'debug' })).toMatchObject({ ok: true });
    expect(log.logger.level).toBe('debug');
    expect(await host.call('log.setLevel', { level: 'loud' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(log.logger.level).toBe('debug');
  });
});
