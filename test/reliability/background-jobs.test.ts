// O4: no timer or event handler may let an exception kill the listener.
// Every background job of a running listener is made to fail: the views
// flush timer, the follower of other processes, the redemption batcher, the
// live-room flush, the presence sweeper and flush, the SSE heartbeat, and
// domain event handlers. Vitest fails a run on any uncaught exception or
// unhandled rejection, and the listener must still answer afterwards.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guestSetup, startHarness, type Harness } from '../listener/helpers';
import { entryForm, submitForm } from './helpers';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close().catch(() => {});
  harness = null;
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('O4: background jobs never kill the listener', () => {
  it('O4: with the database closed under a running listener, every background job fails quietly (logged) and the listener still answers', async () => {
    const errors: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    harness = await startHarness({ heartbeatMs: 50, lobbyGraceMs: 100, onError: (e) => errors.push(e) });
    const { core } = harness;
    core.followOtherProcesses(50);
    const { link, media } = guestSetup(core, { requireAdmission: true });
    // A waiting guest with an open lobby stream: live rooms, presence and the heartbeat are running.
    const form = await entryForm(harness.base, link.token);
    const knocked = await submitForm(harness.base, link.token, form, { name: 'Ada', email: 'ada@x.co' });
    expect(knocked.status).toBe(303);
    const sessionCookie = knocked.cookie;
    const controller = new AbortController();
    const stream = await fetch(`${harness.base}/s/events`, { headers: { cookie: sessionCookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    // Views counted in memory, waiting for their timer.
    expect((await fetch(`${harness.base}/g/${link.token}`)).status).toBe(200);

    core.db.close(); // under the running listener

    // The batcher's flush fails: the guest gets an error page, not a crash.
    const form2 = await entryForm(harness.base, link.token).catch(() => null);
    expect(form2 === null || form2.status >= 400).toBe(true);
    const res = await fetch(`${harness.base}/g/${link.token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      body: new URLSearchParams({ _csrf: form.csrf, name: 'Bo', email: 'bo@x.co' }).toString(),
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    // Live rooms and any other handler meet a closed database on an event.
    core.events.emit('participant.changed', { mediaId: media.id, participantId: 1, state: 'admitted', change: 'admitted' });
    // Views timer (1 s), follower (50 ms), presence sweeper (every ~50 ms), heartbeat (50 ms) all fire meanwhile.
    await sleep(1500);
    controller.abort();
    await sleep(100); // the stream's close runs presence's flush on a closed database
    // Still serving: with no database every page is a clean error page (the cookie settings come from it), never a dead socket.
    const after = await fetch(`${harness.base}/healthz`);
    expect([200, 500]).toContain(after.status);
    expect(await after.text()).not.toBe('');
    // Failures were reported, not thrown.
    expect(errors.length + warn.mock.calls.length + error.mock.calls.length).toBeGreaterThan(0);
  }, 20_000);

  it('O4: a domain event handler that throws neither fails a committed redemption nor reaches the process', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    harness = await startHarness();
    const { core } = harness;
    const { link } = guestSetup(core, { requireAdmission: true });
    core.events.on('participant.changed', () => {
      throw new Error('a broken handler');
    });
    const seen: number[] = [];
    core.events.on('participant.changed', (e) => void seen.push(e.participantId));
    const form = await entryForm(harness.base, link.token);
    const r = await submitForm(harness.base, link.token, form, { name: 'Ada', email: 'ada@x.co' });
    expect(r.status).toBe(303);
    expect(core.links.get(link.id).uses).toBe(1);
    expect(seen).toHaveLength(1); // the handlers after the broken one still ran
    expect(error.mock.calls.some((c) => String(c[0]).includes('participant.changed'))).toBe(true);
  });
});
