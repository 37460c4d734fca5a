// P2 (issue "Guards that never refuse the right person, round two", item 3):
// a block made from a guest-link knock, on an email nobody verified, doesn't
// lock out the invitee who owns that address; and the invited moderator sees
// how each person came in. Real HTTP on loopback source addresses.
import { describe, expect, it } from 'vitest';
import { guestSetup, inviteSetup } from '../listener/helpers';
import { entryForm, request, submitForm } from './helpers';
import { listenerPerTest } from './listenerPerTest';

const srv = listenerPerTest();

/** Cookies kept across answers, as a browser does. */
function jar(initial: string) {
  const m = new Map(initial.split('; ').filter(Boolean).map((c) => c.split('=') as [string, string]));
  return {
    header: () => [...m].map(([k, v]) => `${k}=${v}`).join('; '),
    keep: (setCookie: string[] | undefined) => {
      for (const c of setCookie ?? []) {
        const [kv] = c.split(';');
        const at = kv!.indexOf('=');
        m.set(kv!.slice(0, at), kv!.slice(at + 1));
      }
    },
  };
}

describe('P2: a block on an unverified email', () => {
  it("P2: blocking a guest-link guest who typed an invitee's email blocks guest links only; the invitee gets in; the moderator sees how each came in", { timeout: 20_000 }, async () => {
    const { link, media } = guestSetup(srv.core, { requireAdmission: true });
    const jane = inviteSetup(srv.core, media.id, 'jane@example.com', 'speaker');
    const mod = inviteSetup(srv.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });

    // The impostor knocks on the guest link with Jane's address.
    const impForm = await entryForm(srv.listener.url, link.token, 'g', '127.0.11.1');
    expect((await submitForm(srv.listener.url, link.token, impForm, { name: 'Jane', email: 'jane@example.com' }, 'g', '127.0.11.1')).status).toBe(303);
    const impostor = srv.core.participants.list(media.id).find((p) => p.email === 'jane@example.com')!;

    // The invited moderator opens the room page.
    const modForm = await entryForm(srv.listener.url, mod.token, 'i', '127.0.11.3');
    const modIn = await submitForm(srv.listener.url, mod.token, modForm, { name: 'Mo', email: 'mod@example.com' }, 'i', '127.0.11.3');
    expect(modIn.status).toBe(303);
    const modJar = jar(modIn.cookie);
    const page = await request(`${srv.listener.url}/s`, { headers: { cookie: modJar.header() }, from: '127.0.11.3' });
    modJar.keep(page.headers['set-cookie']);
    expect(page.status).toBe(200);

    // "Deny and block" from the moderator's browser.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const blocked = await request(`${srv.listener.url}/s/manage/${impostor.id}/block`, {
      method: 'POST',
      headers: { cookie: modJar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      from: '127.0.11.3',
    });
    expect(blocked.status).toBe(303);

    // The real Jane, with her invite: let into the lobby, not "denied by the moderator".
    const janeForm = await entryForm(srv.listener.url, jane.token, 'i', '127.0.11.2');
    const janeIn = await submitForm(srv.listener.url, jane.token, janeForm, { name: 'Jane', email: 'jane@example.com' }, 'i', '127.0.11.2');
    expect(janeIn.reason).toBeNull();
    expect(janeIn.status).toBe(303);
    expect(janeIn.location).toBe('/s/lobby');
    expect(srv.core.participants.blockedEmails(media.id)).toMatchObject([{ email: 'jane@example.com', scope: 'guest-links' }]);

    // The moderator's list (as it was loaded before the block) said how the impostor came in, and their role.
    expect(page.text).toMatch(/<bdi>Jane<\/bdi> <bdi class="email">jane@example.com<\/bdi> <span class="came-in hint">Guest · guest link <bdi>Everyone<\/bdi><\/span>/);

    // The guest link still refuses that email, from any browser.
    const again = await entryForm(srv.listener.url, link.token, 'g', '127.0.11.4');
    const refused = await submitForm(srv.listener.url, link.token, again, { name: 'J', email: 'jane@example.com' }, 'g', '127.0.11.4');
    expect(refused.reason).toBe('denied-by-moderator');

    // The moderator's list now shows the invitee as such.
    const later = await request(`${srv.listener.url}/s`, { headers: { cookie: modJar.header() }, from: '127.0.11.3' });
    expect(later.text).toMatch(/<bdi class="email">jane@example.com<\/bdi> <span class="came-in hint">Speaker · invite<\/span>/);
  });

  it("P2: blocking an invitee's own knock blocks that email everywhere, guest links too", async () => {
    const { link, media } = guestSetup(srv.core, { requireAdmission: true });
    const jane = inviteSetup(srv.core, media.id, 'jane@example.com', 'viewer');
    const f = await entryForm(srv.listener.url, jane.token, 'i', '127.0.12.1');
    expect((await submitForm(srv.listener.url, jane.token, f, { name: 'Jane', email: 'jane@example.com' }, 'i', '127.0.12.1')).status).toBe(303);
    const p = srv.core.participants.list(media.id)[0]!;
    srv.core.participants.denyAndBlock(p.id, 'moderator (test)');
    expect(srv.core.participants.blockedEmails(media.id)).toMatchObject([{ email: 'jane@example.com', scope: 'everywhere' }]);
    const f2 = await entryForm(srv.listener.url, jane.token, 'i', '127.0.12.2');
    expect((await submitForm(srv.listener.url, jane.token, f2, { name: 'Jane', email: 'jane@example.com' }, 'i', '127.0.12.2')).reason).toBe('denied-by-moderator');
    const g = await entryForm(srv.listener.url, link.token, 'g', '127.0.12.3');
    expect((await submitForm(srv.listener.url, link.token, g, { name: 'Jane', email: 'jane@example.com' }, 'g', '127.0.12.3')).reason).toBe('denied-by-moderator');
  });
});
