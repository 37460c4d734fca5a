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
