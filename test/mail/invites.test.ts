// Emailing invites, for real: a real SMTP server (aiosmtpd on 127.0.0.1),
// the real host process (forked under plain Node, as the app runs it) and the
// real `guestlist` CLI (bin/guestlist.cjs, spawned). No mocks: what is
// asserted is what the SMTP server received and what the database says.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { inviteIcs, inviteMail } from '../../src-main/core/inviteMail';
import { HostClient } from '../../src-main/host/client';
import { forkNodeHost } from '../../src-main/host/nodeChild';
import type { Invite } from '../../src-main/core/types';
import { tmpDir } from '../helpers/tmp';
import { freePort, noSmtpServer, type Received, startSink, stopSinks, until } from './smtp';

const ACTOR = 'moderator (mail test)';
const BASE = 'https://events.example.org';
const BIN = path.resolve('bin/guestlist.cjs');
const SCHEDULE = { startsAt: '2027-03-15T09:00:00.000Z', endsAt: '2027-03-15T10:30:00.000Z', timeZone: 'Europe/Paris' };
const skip = noSmtpServer();

/** A data folder with a mail server, a public URL and two entries: one scheduled, one not. */
function world(smtpPort: number) {
  const dataDir = tmpDir('guestlist-mail-');
  const core = openCore({ dataDir });
  core.settings.set({ baseUrl: BASE }, ACTOR);
  core.mailSettings.set({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'events@example.org' }, ACTOR);
  const scheduled = core.media.create({ kind: 'room', title: 'Town hall <script>alert(1)</script> & Q&A', schedule: SCHEDULE }, ACTOR);
  const unscheduled = core.media.create({ kind: 'media', title: 'Recorded keynote' }, ACTOR);
  core.close();
  return { dataDir, scheduled: scheduled.id, unscheduled: unscheduled.id };
}

const hosts: HostClient[] = [];
async function startHost(dataDir: string): Promise<HostClient> {
  const client = new HostClient({
    spawn: () => forkNodeHost({ dataDir }),
    onEvent: () => undefined,
    onKnock: () => undefined,
    onStatus: () => undefined,
    onRestarted: () => undefined,
    backoffMs: () => 50,
  });
  hosts.push(client);
  expect(await client.start()).toEqual({ ok: true, value: null });
  return client;
}

function invitesOf(dataDir: string, mediaId: number): Invite[] {
  const core = openCore({ dataDir });
  try {
    return core.invites.list(mediaId);
  } finally {
    core.close();
  }
}

function cli(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, '--data', dataDir, ...args], { encoding: 'utf8', input, env: { ...process.env, GUESTLIST_DATA_DIR: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const byTo = (ms: Received[], to: string) => ms.find((m) => m.envelopeTo.includes(to));

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.shutdown(3000);
  await stopSinks();
});

describe('the invite email (pure)', () => {
  it('escapes what was typed: HTML entities in the HTML part, RFC 5545 in the .ics, one line in the subject', () => {
    const m = inviteMail({
      lang: 'en',
      inviteId: 7,
      mediaId: 3,
      title: 'A <b>"bold"</b> talk; part 1, \\ two\r\nBcc: evil@example.org',
      role: 'speaker',
      email: 'sam@example.org',
      displayName: '<img src=x onerror=alert(1)>',
      url: `${BASE}/i/abc`,
      schedule: SCHEDULE,
      now: new Date('2027-01-01T00:00:00Z'),
    });
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain('<b>');
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('&lt;b&gt;&quot;bold&quot;&lt;/b&gt;');
    expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(m.ics).toContain('SUMMARY:A <b>"bold"</b> talk\\; part 1\\, \\\\ two');
    expect(m.ics).not.toMatch(/\nBcc:/);
    expect(m.ics).toContain('DTSTART:20270315T090000Z\r\n');
    expect(m.ics).toContain('DTEND:20270315T103000Z\r\n');
    // Every line is at most 75 octets (folded).
    for (const line of m.ics!.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('has no calendar file without a schedule', () => {
    expect(inviteIcs({ inviteId: 1, mediaId: 1, title: 'x', url: `${BASE}/i/x`, schedule: null, now: new Date() })).toBeNull();
  });
});

describe('the send queue', () => {
  it('hasQueued (the host\'s idle poll) is true exactly while a row is queued', () => {
    const w = world(2525);
    const core = openCore({ dataDir: w.dataDir });
    try {
      expect(core.inviteSends.hasQueued()).toBe(false);
      const [made] = core.invites.createMany({ mediaId: w.unscheduled, emails: ['dee@example.org'], role: 'viewer' }, ACTOR);
      if (!made?.ok) throw new Error('the invite was not created');
      const inv = made.invite;
      expect(core.inviteSends.hasQueued()).toBe(false);
      core.inviteSends.queue({ inviteId: inv.id }, ACTOR);
      expect(core.inviteSends.hasQueued()).toBe(true);
      expect(core.inviteSends.queued()).toEqual([inv.id]);
      expect(core.inviteSends.claim(inv.id)).toBe(true);
      expect(core.inviteSends.hasQueued()).toBe(false);
      expect(core.inviteSends.requeueAbandoned()).toBe(1);
      expect(core.inviteSends.hasQueued()).toBe(true);
    } finally {
      core.close();
    }
  });
});

describe.skipIf(skip)(`invites sent by email through a real SMTP server${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('the host sends "Send invites" in the background: To, subject, link, the .ics when scheduled, the language', async () => {
    const sink = await startSink();
    const w = world(sink.port);
    const host = await startHost(w.dataDir);
    const created = await host.op('invites.create', { mediaId: w.scheduled, emails: ['Ana Ruiz <ana@example.org>'], role: 'speaker', lang: 'fr', send: true }, ACTOR);
    expect(created.ok).toBe(true);
    const plain = await host.op('invites.create', { mediaId: w.unscheduled, emails: ['bo@example.org'], role: 'viewer', send: true }, ACTOR);
    expect(plain.ok).toBe(true);
    const ms = await until('two messages', () => sink.messages().length >= 2 && sink.messages());

    const [ana] = invitesOf(w.dataDir, w.scheduled);
    const fr = byTo(ms, 'ana@example.org')!;
    expect(fr.to).toBe('ana@example.org');
    expect(fr.from).toBe('events@example.org');
    expect(fr.subject).toBe('Invitation : Town hall <script>alert(1)</script> & Q&A');
    expect(fr.text).toContain(ana!.url);
    expect(fr.text).toContain('Bonjour Ana Ruiz,');
    expect(fr.text).toContain('en tant qu’intervenant·e');
    // In the entry's own time zone (Paris, UTC+1 in March): 10:00.
    expect(fr.text).toMatch(/lundi 15 mars 2027 10:00 – 11:30 \(Europe\/Paris\)/);
    expect(fr.html).toContain(`href="${ana!.url}"`);
    expect(fr.html).toContain('Town hall &lt;script&gt;alert(1)&lt;/script&gt; &amp; Q&amp;A');
    expect(fr.html).not.toContain('<script>');
    expect(fr.attachments).toHaveLength(1);
    const ics = fr.attachments[0]!;
    expect(ics).toMatchObject({ filename: 'invite.ics', contentType: 'text/calendar', method: 'PUBLISH' });
    expect(ics.content).toContain('METHOD:PUBLISH');
    expect(ics.content).toMatch(/UID:guestlist-invite-\d+-media-\d+@guestlist\.invalid/);
    expect(ics.content).toContain('DTSTART:20270315T090000Z');
    expect(ics.content).toContain('DTEND:20270315T103000Z');
    expect(ics.content).toContain('SUMMARY:Town hall <script>alert(1)</script> & Q&A');
    expect(ics.content.replace(/\r\n /g, '')).toContain(`URL:${ana!.url}`);

    // No language on the invite: the mail settings' default (English); no schedule: no calendar file.
    const en = byTo(ms, 'bo@example.org')!;
    expect(en.subject).toBe('Invitation: Recorded keynote');
    expect(en.text).toContain('You are invited to “Recorded keynote” as a viewer.');
    expect(en.attachments).toEqual([]);

    // The status the Invites list and `invites list` show.
    await until('both sent', () => [...invitesOf(w.dataDir, w.scheduled), ...invitesOf(w.dataDir, w.unscheduled)].every((i) => i.mail?.state === 'sent'));
    const listed = await host.op('invites.list', { mediaId: w.scheduled }, ACTOR);
    expect(listed.ok && (listed.value as Invite[])[0]!.mail).toMatchObject({ state: 'sent', error: null, sentAt: expect.any(String) });
  });

  it('a server that is down marks the invite failed with the reason; retried once it is up, it is sent', async () => {
    const port = await freePort();
    const w = world(port);
    const host = await startHost(w.dataDir);
    const created = await host.op('invites.create', { mediaId: w.scheduled, emails: ['cy@example.org'], role: 'viewer', send: true }, ACTOR);
    expect(created.ok).toBe(true);
    const failed = await until('the send to fail', () => invitesOf(w.dataDir, w.scheduled).find((i) => i.mail?.state === 'failed'));
    expect(failed.mail!.error).toMatch(/ECONNREFUSED/);
    expect(failed.mail!.sentAt).toBeNull();

    const sink = await startSink(port);
    const retried = await host.op('invites.email', { inviteId: failed.id }, ACTOR);
    expect(retried.ok).toBe(true);
    await until('the message', () => sink.messages().length === 1);
    expect(sink.messages()[0]!.envelopeTo).toEqual(['cy@example.org']);
    const sent = await until('sent', () => invitesOf(w.dataDir, w.scheduled).find((i) => i.mail?.state === 'sent'));
    expect(sent.mail).toMatchObject({ state: 'sent', error: null });
  });

  it('the CLI sends in its own process: config set smtp-url, invites create --send, invites send --media, invites list', async () => {
    const sink = await startSink();
    const w = world(sink.port);
    // The password comes from stdin, and is never printed back.
    const set = cli(w.dataDir, ['config', 'set', 'smtp-url', `smtp://mailer@127.0.0.1:${sink.port}`, '--password-stdin'], 's3cret-pw\n');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('password saved');
    const got = cli(w.dataDir, ['--json', 'config', 'get']);
    expect(JSON.parse(got.stdout).mail).toMatchObject({ configured: true, user: 'mailer', passwordSet: true, port: sink.port });
    expect(got.stdout + set.stdout + set.stderr).not.toContain('s3cret-pw');
    // aiosmtpd here has no AUTH: send without a user.
    expect(cli(w.dataDir, ['config', 'set', 'smtp-url', `smtp://127.0.0.1:${sink.port}`]).status).toBe(0);

    const made = cli(w.dataDir, ['--json', 'invites', 'create', '--media', String(w.scheduled), '--email', 'di@example.org', '--role', 'moderator', '--lang', 'es', '--send']);
    expect(made.status).toBe(0);
    expect(JSON.parse(made.stdout)[0].invite.mail).toMatchObject({ state: 'sent' });
    expect(sink.messages()).toHaveLength(1);
    const es = sink.messages()[0]!;
    expect(es.envelopeTo).toEqual(['di@example.org']);
    expect(es.subject).toBe('Invitación: Town hall <script>alert(1)</script> & Q&A');
    expect(es.text).toContain('Le invitamos a «Town hall <script>alert(1)</script> & Q&A» como moderador.');
    expect(es.attachments.map((a) => a.filename)).toEqual(['invite.ics']);

    // Invites made without --send are emailed by `invites send --media`, once.
    expect(cli(w.dataDir, ['invites', 'create', '--media', String(w.scheduled), '--email', 'ed@example.org', '--email', 'fa@example.org', '--role', 'viewer']).status).toBe(0);
    const sent = cli(w.dataDir, ['invites', 'send', '--media', String(w.scheduled)]);
    expect(sent.status).toBe(0);
    expect(sink.messages().map((m) => m.envelopeTo[0]).sort()).toEqual(['di@example.org', 'ed@example.org', 'fa@example.org']);
    const again = cli(w.dataDir, ['invites', 'send', '--media', String(w.scheduled)]);
    expect(again.stdout).toContain('already emailed');
    expect(sink.messages()).toHaveLength(3);
    const list = cli(w.dataDir, ['invites', 'list', '--media', String(w.scheduled)]);
    expect(list.stdout).toContain('EMAIL SENT');
    expect(list.stdout.match(/ sent 2/g)).toHaveLength(3);

    // Down: exit 1 and the reason; up again: --invite sends it.
    await sink.stop();
    const down = cli(w.dataDir, ['invites', 'send', '--invite', '1']);
    expect(down.status).toBe(1);
    expect(down.stdout).toMatch(/failed: .*ECONNREFUSED/);
    const up = await startSink(sink.port);
    expect(cli(w.dataDir, ['invites', 'send', '--invite', '1']).status).toBe(0);
    expect(up.messages().map((m) => m.envelopeTo)).toEqual([['di@example.org']]);
  });

  it('without a mail server, sending is refused with a code and nothing is queued', async () => {
    const w = world(await freePort());
    const core = openCore({ dataDir: w.dataDir });
    core.mailSettings.set({ smtpUrl: null }, ACTOR);
    core.close();
    const r = cli(w.dataDir, ['--json', 'invites', 'create', '--media', String(w.scheduled), '--email', 'x@example.org', '--role', 'viewer', '--send']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr.trim().split('\n').pop()!)).toMatchObject({ code: 'MAIL_NOT_CONFIGURED' });
    expect(invitesOf(w.dataDir, w.scheduled)).toEqual([]);
    const bad = cli(w.dataDir, ['--json', 'config', 'set', 'smtp-url', 'smtp://user:pw@example.org:25']);
    expect(JSON.parse(bad.stderr.trim().split('\n').pop()!)).toMatchObject({ code: 'SMTP_URL_INVALID' });
  });

  it('the app’s password (safeStorage in main) reaches the host in memory only: sends authenticate with it, the database never holds it', async () => {
    const sink = await startSink(undefined, 'mailer:app-s3cret');
    const w = world(sink.port);
    const core = openCore({ dataDir: w.dataDir });
    core.mailSettings.set({ smtpUrl: `smtp://mailer@127.0.0.1:${sink.port}` }, ACTOR);
    core.close();
    const host = await startHost(w.dataDir);
    // Without the password the server refuses: failed, with its reason.
    expect((await host.op('invites.create', { mediaId: w.unscheduled, emails: ['hal@example.org'], role: 'viewer', send: true }, ACTOR)).ok).toBe(true);
    const failed = await until('refused', () => invitesOf(w.dataDir, w.unscheduled).find((i) => i.mail?.state === 'failed'));
    expect(failed.mail!.error).toMatch(/530|535|auth/i);
    // What main does at start (lifecycle.configureHost) and when Settings saves one (ipc.ts).
    expect(await host.call('mail.setPassword', { password: 'app-s3cret' })).toEqual({ ok: true, value: null });
    const got = await host.op('mail.settings.get', {}, ACTOR);
    expect(got.ok && got.value).toMatchObject({ passwordSet: true, user: 'mailer' });
    expect(JSON.stringify(got)).not.toContain('app-s3cret');
    expect((await host.op('invites.email', { inviteId: failed.id }, ACTOR)).ok).toBe(true);
    await until('the message', () => sink.messages().length === 1);
    await until('sent', () => invitesOf(w.dataDir, w.unscheduled)[0]?.mail?.state === 'sent');
    const db = openCore({ dataDir: w.dataDir });
    expect(db.db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'smtp_password' OR value LIKE '%app-s3cret%'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('an invite left queued by a killed process is sent when the host next starts', async () => {
    // A server that accepts the connection and never answers: the CLI hangs mid-send, and is killed there.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const w = world((silent.address() as net.AddressInfo).port);
    const child = spawn(process.execPath, [BIN, '--data', w.dataDir, 'invites', 'create', '--media', String(w.scheduled), '--email', 'gus@example.org', '--role', 'viewer', '--send'], {
      stdio: 'ignore',
      env: { ...process.env, GUESTLIST_DATA_DIR: '' },
    });
    try {
      await until('the CLI to be mid-send', () => invitesOf(w.dataDir, w.scheduled)[0]?.mail?.state === 'sending');
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      silent.close();
    }
    expect(invitesOf(w.dataDir, w.scheduled)[0]!.mail!.state).toBe('sending');

    const sink = await startSink();
    const core = openCore({ dataDir: w.dataDir });
    core.mailSettings.set({ smtpUrl: `smtp://127.0.0.1:${sink.port}` }, ACTOR);
    core.close();
    await startHost(w.dataDir);
    await until('the message', () => sink.messages().length === 1);
    expect(sink.messages()[0]!.envelopeTo).toEqual(['gus@example.org']);
    await until('sent', () => invitesOf(w.dataDir, w.scheduled)[0]?.mail?.state === 'sent');
  });
});
