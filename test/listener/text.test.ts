// S6: text a guest typed is safe on every surface: control characters are
// removed from names and chat on submit (issue 13, defect 6).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, guestSetup, type Harness, inviteSetup, startHarness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('S6: control characters in what guests type (issue 13, defect 6)', () => {
  it('S6 defect 6: ESC, BEL and C1 controls are removed from names on submit; an email with one is refused', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: true });
    const c = new Client(h.base);
    expect((await c.submit(`/g/${link.token}`, { name: 'Ada\u001b[2J\u0007 Love\u009blace\tJr', email: 'ada@example.com' })).status).toBe(303);
    const [p] = h.core.participants.list(media.id);
    expect(p!.name).toBe('Ada[2J Lovelace Jr');
    expect(p!.name).not.toMatch(RAW_CONTROLS);
    const bad = new Client(h.base);
    const res = await bad.submit(`/g/${link.token}`, { name: 'Bo', email: 'bo\u001b@example.com' });
    expect(res.status).toBe(400);
    expect(h.core.participants.list(media.id)).toHaveLength(1);
    // A name of nothing but control characters is no name.
    expect((await new Client(h.base).submit(`/g/${link.token}`, { name: '\u001b\u0007', email: 'cy@example.com' })).status).toBe(400);
  });

  it('S6 defect 6: control characters are removed from chat on submit, line breaks stay', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'sp@example.com', 'speaker', { skipLobby: true });
    const sp = new Client(h.base);
    await sp.submit(`/i/${inv.token}`, { name: 'Speaker', email: 'sp@example.com' });
    const csrf = await sp.csrf();
    expect((await sp.post('/s/chat', { _csrf: csrf, body: '\u001b]0;pwned\u0007hello\r\nworld\u0085!' })).status).toBe(303);
    expect(h.core.chat.list(media.id).map((m) => m.body)).toEqual([']0;pwnedhello\nworld!']);
    // Only control characters: refused as empty, nothing written, no 5xx.
    expect((await sp.post('/s/chat', { _csrf: csrf, body: '\u001b\u0007' })).status).toBe(400);
    expect(h.core.chat.list(media.id)).toHaveLength(1);
  });
});

// Every invisible or direction-changing character the S6 guard names.
const INVISIBLES = ['\u061c', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff'];
const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

describe('S6: invisible and direction-changing characters', () => {
  it('S6: an email with one is refused on the entry form with its own sentence; a name loses them', async () => {
    const { link, media } = guestSetup(h.core, { requireAdmission: true });
    for (const c of INVISIBLES) {
      const res = await new Client(h.base).submit(`/g/${link.token}`, { name: 'Bo', email: `b${c}o@example.com` });
      expect(res.status, hex(c)).toBe(400);
      expect(await res.text(), hex(c)).toContain('invisible or direction-changing character');
    }
    expect(h.core.participants.list(media.id)).toHaveLength(0);
    const name = `Ada${INVISIBLES.join('')} Love\u202elace`;
    expect((await new Client(h.base).submit(`/g/${link.token}`, { name, email: 'ada@example.com' })).status).toBe(303);
    expect(h.core.participants.list(media.id)[0]!.name).toBe('Ada Lovelace');
  });

  it('S6: the invite page refuses such an email too (it never matches the invite, and says why)', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'sp@example.com', 'speaker');
    const res = await new Client(h.base).submit(`/i/${inv.token}`, { name: 'Sp', email: 'sp@example.com\u200b' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('invisible or direction-changing character');
  });

  it('S6: invites create refuses such an email with EMAIL_INVISIBLE_CHARACTER and a sentence naming it; a moderator-typed name loses them', () => {
    const { media } = guestSetup(h.core);
    const results = h.core.invites.createMany({ mediaId: media.id, emails: ['ana\u202e@example.org', 'Bo\u200b Li\u2066 <bo@example.org>'], role: 'viewer', lockName: true }, 'moderator');
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'EMAIL_INVISIBLE_CHARACTER', message: expect.stringContaining('(U+202E)') } });
    expect(results[1]).toMatchObject({ ok: true, invite: { email: 'bo@example.org', displayName: 'Bo Li' } });
    for (const c of INVISIBLES) {
      const [r] = h.core.invites.createMany({ mediaId: media.id, emails: [`x${c}y@example.org`], role: 'viewer' }, 'moderator');
      expect(r, hex(c)).toMatchObject({ ok: false, error: { code: 'EMAIL_INVISIBLE_CHARACTER', message: expect.stringContaining(hex(c)) } });
    }
    expect(() => h.core.participants.unblock(media.id, 'ana\u202e@example.org', 'moderator')).toThrow(expect.objectContaining({ code: 'EMAIL_INVISIBLE_CHARACTER' }));
  });
});
