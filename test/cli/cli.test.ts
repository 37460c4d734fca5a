import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openCore } from '../../src-main/core';
import { DB_FILE_NAME } from '../../src-main/core/paths';
import { tmpDir } from '../helpers/tmp';

const BIN = path.resolve('bin/guestlist.cjs');

function cli(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', dataDir, '--json', ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '' } });
  const json = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  const error = r.stderr.trim() ? JSON.parse(r.stderr.trim().split('\n').pop()!) : undefined;
  return { status: r.status, json, error, stderr: r.stderr };
}

describe('the guestlist CLI (--json)', () => {
  it('prepares a room, links and invites offline, through the same rules as the app', () => {
    const d = tmpDir();
    const media = cli(d, 'media', 'add', '--title', 'Town hall', '--kind', 'room', '--starts', '2026-12-01T10:00:00Z', '--ends', '2026-12-01T11:00:00Z', '--tz', 'Europe/Paris', '--require-admission');
    expect(media.status).toBe(0);
    expect(media.json).toMatchObject({ id: 1, kind: 'room', requireAdmission: true, schedule: { timeZone: 'Europe/Paris' } });
    expect(cli(d, 'media', 'set', '--media', '1', '--guest-access', 'on').json).toMatchObject({ guestAccess: true });
    expect(cli(d, 'config', 'set', 'base-url', 'https://events.example.org').json).toMatchObject({ baseUrl: 'https://events.example.org' });
    const link = cli(d, 'links', 'create', '--media', '1', '--name', 'Guest speakers', '--clicks', '50', '--days', '7');
    expect(link.status).toBe(0);
    expect(link.json.url).toBe(`https://events.example.org/g/${link.json.token}`);
    const list = cli(d, 'links', 'list', '--media', '1');
    expect(list.json).toEqual([expect.objectContaining({ name: 'Guest speakers', url: link.json.url, uses: 0, maxUses: 50, state: 'active' })]);
    expect(list.json[0].expiresAt).toBeTruthy();
    const invites = cli(d, 'invites', 'create', '--media', '1', '--email', 'a@x.co', '--email', 'nope', '--role', 'speaker');
    expect(invites.json.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
    expect(cli(d, 'audit', '--media', '1').json.map((e: { action: string }) => e.action)).toEqual([
      'media.created',
      'guest-access.enabled',
      'link.created',
      'invite.created',
    ]);
    const out = path.join(d, 'export.csv');
    expect(cli(d, 'export', '--media', '1', '--format', 'csv', '--out', out).status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Guest speakers');
  });

  it('G2/G3/M1: bad input gets its code on stderr, a non-zero exit, and changes nothing', () => {
    const d = tmpDir();
    cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room');
    for (const n of ['a', 'b', 'c']) cli(d, 'links', 'create', '--media', '1', '--name', n);
    const cases: [string[], string][] = [
      [['links', 'create', '--media', '1', '--name', 'd'], 'GUEST_LINK_LIMIT'],
      [['links', 'create', '--media', '1', '--name', 'x', '--clicks', '0'], 'CLICKS_INVALID'],
      [['links', 'create', '--media', '1', '--name', 'x', '--days', '-1'], 'DAYS_INVALID'],
      [['media', 'add', '--title', 'x', '--kind', 'podcast'], 'MEDIA_KIND_INVALID'],
      [['invites', 'create', '--media', '1', '--email', 'not-an-email', '--role', 'viewer'], 'OK_WITH_ERRORS'],
      [['links', 'list', '--media', '42'], 'MEDIA_NOT_FOUND'],
      [['links', 'create', '--media', '1'], 'INVALID_INPUT'],
      [['media', 'set', '--media', '1', '--available', 'maybe'], 'INVALID_INPUT'],
      [['frobnicate'], 'INVALID_INPUT'],
      [['links', 'create', '--media', '1', '--name', 'x', '--bogus', '1'], 'INVALID_INPUT'],
    ];
    const dbFile = path.join(d, 'guestlist.db');
    const count = () => {
      const core = openCore({ dataDir: d });
      const n = (core.db.prepare('SELECT (SELECT count(*) FROM media) + (SELECT count(*) FROM guest_links) + (SELECT count(*) FROM audit_log) AS n').get() as { n: number }).n;
      core.close();
      return n;
    };
    const before = count();
    for (const [args, code] of cases) {
      const r = cli(d, ...args);
      if (code === 'OK_WITH_ERRORS') {
        expect(r.json[0]).toMatchObject({ ok: false, error: { code: 'EMAIL_INVALID' } });
        continue;
      }
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.error, args.join(' ')).toMatchObject({ code });
      expect(r.error.message).toMatch(/\w+ \w+/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(count()).toBe(before);
    expect(fs.existsSync(dbFile)).toBe(true);
  });

  it('--help lists the commands, and GUESTLIST_DATA_DIR picks the folder', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const c of ['media add', 'links create', 'invites create', 'participants admit-all', 'export', 'config set base-url', 'serve', '--public-url', '--trust-proxy', 'reach']) expect(help.stdout).toContain(c);
    const d = tmpDir();
    const r = spawnSync(process.execPath, [BIN, 'media', 'add', '--title', 'Env', '--kind', 'media'], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: d } });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(d, 'guestlist.db'))).toBe(true);
  });

  it('L1: config set base-url auto goes back to links that follow the listener; an explicit URL stays', () => {
    const d = tmpDir();
    expect(cli(d, 'config', 'get').json).toMatchObject({ baseUrl: 'http://127.0.0.1:4410', baseUrlAuto: true });
    expect(cli(d, 'config', 'set', 'base-url', 'https://events.example.org/').json).toMatchObject({ baseUrl: 'https://events.example.org', baseUrlAuto: false });
    // What a running listener records (here written by hand) does not move an explicit URL...
    fs.writeFileSync(path.join(d, 'listener.json'), JSON.stringify({ listenerUrl: 'http://127.0.0.1:4411', linkBaseUrl: 'http://192.168.1.20:4411', host: '0.0.0.0', port: 4411, pid: 1, startedAt: '' }));
    expect(cli(d, 'config', 'get').json).toMatchObject({ baseUrl: 'https://events.example.org', baseUrlAuto: false });
    // ...and automatic links use it.
    expect(cli(d, 'config', 'set', 'base-url', 'auto').json).toMatchObject({ baseUrl: 'http://192.168.1.20:4411', baseUrlAuto: true });
  });

  it('L5: serve refuses a bad --trust-proxy with its code, before binding or writing anything', () => {
    const d = tmpDir();
    const r = cli(d, 'serve', '--port', '0', '--trust-proxy', '127.0.0.1,proxy.example.org');
    expect(r.status).toBe(1);
    expect(r.error).toMatchObject({ code: 'TRUST_PROXY_INVALID', message: expect.stringContaining('proxy.example.org') });
    expect(fs.existsSync(path.join(d, 'listener.json'))).toBe(false);
  });
});

describe('the CLI tells the truth (issue 14)', () => {
  const human = (dataDir: string, ...args: string[]) => spawnSync(process.execPath, [BIN, '--data', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '' } });

  it('G11: links edit renames, re-limits and extends in place; the URL stays; none removes a limit', () => {
    const d = tmpDir();
    cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room');
    const link = cli(d, 'links', 'create', '--media', '1', '--name', 'Speakers', '--clicks', '5', '--days', '7').json;
    const edited = cli(d, 'links', 'edit', '--link', String(link.id), '--name', 'Panel', '--clicks', 'none', '--days', '30');
    expect(edited.status).toBe(0);
    expect(edited.json).toMatchObject({ id: link.id, name: 'Panel', maxUses: null, url: link.url });
    expect(Date.parse(edited.json.expiresAt) - Date.parse(link.createdAt)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(cli(d, 'links', 'edit', '--link', String(link.id), '--days', 'none').json.expiresAt).toBeNull();
    const nothing = cli(d, 'links', 'edit', '--link', String(link.id));
    expect(nothing.status).toBe(2);
    expect(cli(d, 'links', 'edit', '--link', String(link.id), '--clicks', '0').error).toMatchObject({ code: 'CLICKS_INVALID' });
    expect(cli(d, 'audit', '--media', '1').json.filter((e: { action: string }) => e.action === 'link.edited')).toHaveLength(2);
  });

  it('exit 1 when nothing was done: invites create with every address refused', () => {
    const d = tmpDir();
    cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room');
    const refused = cli(d, 'invites', 'create', '--media', '1', '--email', 'not an email', '--role', 'viewer');
    expect(refused.status).toBe(1);
    expect(refused.json).toEqual([expect.objectContaining({ ok: false, input: 'not an email' })]);
    expect(cli(d, 'invites', 'create', '--media', '1', '--email', 'a@x.co', '--email', 'nope', '--role', 'viewer').status).toBe(0);
  });

  it('I4: "listed more than once; it was invited once" only when it was', () => {
    const d = tmpDir();
    cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room');
    cli(d, 'invites', 'create', '--media', '1', '--email', 'ana@x.co', '--role', 'viewer');
    const again = cli(d, 'invites', 'create', '--media', '1', '--email', 'ANA@x.co', '--email', 'ana@x.co', '--email', 'bo@x.co', '--email', 'BO@x.co', '--role', 'viewer').json;
    expect(again[0].error.code).toBe('EMAIL_ALREADY_INVITED');
    expect(again[1].error).toMatchObject({ code: 'EMAIL_DUPLICATE', message: 'ana@x.co is listed more than once.' });
    expect(again[3].error).toMatchObject({ code: 'EMAIL_DUPLICATE', message: 'BO@x.co is listed more than once; it was invited once.' });
  });

  it('M1: media add prints its schedule in the media\'s own time zone', () => {
    const d = tmpDir();
    const r = human(d, 'media', 'add', '--title', 'Paris', '--kind', 'room', '--starts', '2026-12-01T10:00:00Z', '--ends', '2026-12-01T11:00:00Z', '--tz', 'Europe/Paris');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2026-12-01 11:00 – 2026-12-01 12:00 (Europe/Paris)');
    expect(r.stdout).not.toContain('10:00');
  });

  it('a command group without a subcommand lists its subcommands', () => {
    const d = tmpDir();
    for (const group of ['links', 'invites', 'participants', 'media', 'config']) {
      const r = human(d, group);
      expect(r.status, group).toBe(0);
      expect(r.stdout, group).toContain(`Usage: guestlist [--data DIR] [--json] ${group} <command>`);
      expect(r.stdout.split('\n').filter((l) => l.startsWith(`  ${group} `)).length, group).toBeGreaterThanOrEqual(2);
    }
    expect(human(d, 'links', '--help').stdout).toContain('links edit --link ID');
  });

  it('one lobby default per kind: rooms get a lobby, on-demand media does not, unless told', () => {
    const d = tmpDir();
    expect(cli(d, 'media', 'add', '--title', 'Talk', '--kind', 'media').json.requireAdmission).toBe(false);
    expect(cli(d, 'media', 'add', '--title', 'Talk', '--kind', 'media', '--require-admission').json.requireAdmission).toBe(true);
    expect(cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room').json.requireAdmission).toBe(true);
    expect(cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room', '--no-lobby').json.requireAdmission).toBe(false);
    expect(cli(d, 'media', 'add', '--title', 'Room', '--kind', 'room', '--no-lobby', '--require-admission').status).toBe(2);
  });
});

describe('S6: the CLI escapes what it prints (issue 13, defect 6)', () => {
  it('S6 defect 6: ESC, BEL, C1 and bidi controls in stored names reach the terminal as visible escapes, in tables, errors and JSON', () => {
    const d = tmpDir();
    const core = openCore({ dataDir: d });
    const media = core.media.create({ kind: 'room', title: 'Room', guestAccess: true, requireAdmission: true }, 'moderator (test)');
    const link = core.links.create({ mediaId: media.id, name: 'All', clicks: null, days: null }, 'moderator (test)');
    const r = core.access.redeemGuestLink(link.token, { name: 'Eve', email: 'eve@example.com' });
    if (!r.ok) throw new Error('redeem failed');
    core.close();
    // A name written before names were cleaned on submit (or by another tool): raw controls in the file.
    const db = new Database(path.join(d, DB_FILE_NAME));
    db.prepare('UPDATE participants SET name = ? WHERE id = ?').run('Eve\u001b]0;owned\u0007\u001b[2J\u009b\u202Exe', r.participant.id);
    db.close();
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--data', d, ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '' } });
    const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    const human = run('participants', 'list', '--media', String(media.id));
    expect(human.status).toBe(0);
    expect(human.stdout).not.toMatch(RAW);
    expect(human.stdout).toContain('Eve\\x1b]0;owned\\x07\\x1b[2J\\x9b\\u202exe');
    const json = run('--json', 'participants', 'list', '--media', String(media.id));
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.parse(json.stdout)[0].name).toBe('Eve\u001b]0;owned\u0007\u001b[2J\u009b\u202Exe');
    // An error message that names the person is escaped too.
    const deny = run('participants', 'deny', '--participant', String(r.participant.id));
    expect(deny.status).toBe(0);
    const again = run('participants', 'admit', '--participant', String(r.participant.id));
    expect(again.status).toBe(1);
    expect(again.stderr).not.toMatch(RAW);
    expect(again.stderr).toContain('Eve\\x1b');
  });
});
