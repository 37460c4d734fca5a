// The guest pages' wording in every language: the denied page's first sentence
// per reason (D1), the invite heading per role (I2), French typography, bidi
// isolation of values inside sentences (S3 escaping kept), and the schedule's
// time range staying on one line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUEST_CSS } from '../../src-main/listener/assets';
import { formatSchedule, formatScheduleParts, invitedAsKey, LANGS, MESSAGE_KEYS, translator } from '../../src-main/listener/i18n';
import { ACTOR, Client, guestSetup, type Harness, inviteSetup, startHarness, UPCOMING } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const REMOVED = 'Access to this media via this link was removed.';

describe('denied page wording (D1)', () => {
  it("D1: an email mismatch doesn't say access was removed", async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'jane@example.com', 'speaker');
    const c = new Client(h.base);
    const res = await c.submit(`/i/${inv.token}`, { name: 'Mallory', email: 'mallory@example.com' });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain('data-reason="email-mismatch"');
    expect(text).not.toContain(REMOVED);
    expect(text).toContain('This invitation is for a different email address. Try again with the address it was sent to, or contact the media owner.');
    expect(text).toContain('The email address you entered does not match this invite.');
    expect(text).toContain(`<a href="/i/${inv.token}">Try again with another email address</a>`);
    expect(text).toContain('name="lang"');
  });

  it("D1: a moderator's decline doesn't say access was removed", async () => {
    const { link, media } = guestSetup(h.core);
    const c = new Client(h.base);
    await c.submit(`/g/${link.token}`, { name: 'Ada', email: 'ada@example.com' });
    h.core.participants.deny(h.core.participants.list(media.id)[0]!.id, ACTOR);
    const { res, text } = await c.getText('/s');
    expect(res.status).toBe(403);
    expect(text).toContain('data-reason="denied-by-moderator"');
    expect(text).not.toContain(REMOVED);
    expect(text).toContain('The moderator didn&#39;t let you in this time. If you need access, contact the media owner.');
    expect(text).toContain('A moderator declined your request to join.');
    expect(text).toContain('name="lang"');
  });

  it("D1: an unknown link doesn't say access was removed, in any language", async () => {
    for (const lang of LANGS) {
      const t = translator(lang);
      for (const route of ['g', 'i']) {
        const res = await fetch(`${h.base}/${route}/${'A'.repeat(32)}?lang=${lang}`);
        expect(res.status).toBe(404);
        const text = await res.text();
        expect(text, lang).not.toContain(t('deniedCommon'));
        expect(text, lang).toContain(`<p class="denied-common">${t('deniedUnknown').replace(/'/g, '&#39;')}</p>`);
        expect(text, lang).toContain('name="lang"');
      }
    }
  });

  it('D1: removal reasons keep the "access was removed" sentence', async () => {
    const { link } = guestSetup(h.core, { title: 'Gone' });
    h.core.links.delete(link.id, ACTOR);
    const res = await fetch(`${h.base}/g/${link.token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain(`${REMOVED} Please contact the media owner for access.`);
  });

  it('D1: the reason-specific sentences exist in every language, translated', () => {
    const en = translator('en');
    for (const l of LANGS) {
      const t = translator(l);
      for (const k of ['deniedMismatch', 'deniedDeclined', 'deniedUnknown'] as const) {
        expect(t(k).length, `${l} ${k}`).toBeGreaterThan(20);
        if (l !== 'en') expect(t(k), `${l} ${k}`).not.toBe(en(k));
      }
    }
  });
});

describe('French wording (I2, languages)', () => {
  it('I2: French elides before a vowel: "en tant qu’intervenant"', async () => {
    const { media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'jane@example.com', 'speaker');
    const { text } = await new Client(h.base, { 'accept-language': 'fr' }).getText(`/i/${inv.token}`);
    expect(text).toContain('<h1>Vous êtes invité(e) en tant qu’intervenant à <bdi>Quarterly review</bdi></h1>');
    expect(text).not.toContain('en tant que intervenant');
  });

  it('I2: the invite heading is grammatical for every role in every language', () => {
    const fr = translator('fr');
    for (const role of ['viewer', 'speaker', 'moderator'] as const) {
      // "que" never stands before a vowel or a mute h.
      expect(fr(invitedAsKey(role))).not.toMatch(/\bque\s+[aeiouyàâéèêëîïôûh]/i);
      for (const l of LANGS) {
        const s = translator(l)(invitedAsKey(role));
        expect(s, `${l} ${role}`).toContain('{title}');
        expect(s, `${l} ${role}`).toContain(translator(l)(`role_${role}`));
      }
    }
    expect(translator('en')(invitedAsKey('speaker'))).toBe("You're invited as speaker to {title}");
  });

  it('languages: French puts a non-breaking space before : ; ? and !', async () => {
    const fr = translator('fr');
    for (const k of MESSAGE_KEYS) expect(fr(k), k).not.toMatch(/(^|[^\u00a0\u202f])[:;?!]/);
    const { link } = guestSetup(h.core, { schedule: UPCOMING });
    const { text } = await new Client(h.base, { 'accept-language': 'fr' }).getText(`/g/${link.token}`);
    expect(text).toContain('<span class="label">Quand\u00a0:</span>');
  });
});

describe('bidi isolation (S3 escaping kept)', () => {
  it('S3: the Hebrew email format error isolates the sample address, so the full stop lands after it', async () => {
    const { link } = guestSetup(h.core);
    const c = new Client(h.base, { 'accept-language': 'he' });
    const res = await c.submit(`/g/${link.token}`, { name: 'דנה', email: 'not-an-email' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('יש להזין כתובת דוא״ל תקינה, למשל <bdi>name@example.com</bdi>.');
    // The other languages keep their own sample address, isolated too.
    expect(translator('fr')('emailExample')).toBe('nom@exemple.com');
  });

  it('S3: titles and names inside sentences are isolated and stay escaped', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    const { link, media } = guestSetup(h.core, { title: payload, requireAdmission: false });
    const inv = inviteSetup(h.core, media.id, 'jane@example.com', 'moderator');
    const c = new Client(h.base, { 'accept-language': 'he' });
    const invite = await c.getText(`/i/${inv.token}`);
    expect(invite.text).toContain(`<h1>הוזמנת בתור מנחה אל <bdi>${escaped}</bdi></h1>`);
    expect(invite.text).toContain(`<title>הוזמנת בתור מנחה אל \u2068${escaped}\u2069 · Guestlist</title>`);
    const entry = await c.getText(`/g/${link.token}`);
    expect(entry.text).toContain(`<h1>הצטרפות אל <bdi>${escaped}</bdi></h1>`);
    expect((await c.submit(`/g/${link.token}`, { name: payload, email: 'x@example.com' })).status).toBe(303);
    const session = await c.getText('/s');
    expect(session.text).toContain(`נכנסת — <bdi>${escaped}</bdi>`);
    for (const page of [invite.text, entry.text, session.text]) expect(page).not.toContain('<img');
  });

  it('S3: the invited moderator sees names and emails isolated and escaped', async () => {
    const { link, media } = guestSetup(h.core);
    const inv = inviteSetup(h.core, media.id, 'mod@example.com', 'moderator', { skipLobby: true });
    const guest = new Client(h.base);
    await guest.submit(`/g/${link.token}`, { name: 'דנה "<b>"', email: 'dana@example.com' });
    const mod = new Client(h.base, { 'accept-language': 'he' });
    expect((await mod.submit(`/i/${inv.token}`, { name: 'Mo', email: 'mod@example.com' })).status).toBe(303);
    const { text } = await mod.getText('/s');
    expect(text).toContain('<bdi>דנה &quot;&lt;b&gt;&quot;</bdi> <bdi class="email">dana@example.com</bdi>');
    expect(text).not.toContain('<b>');
  });
});

describe('schedule line (G9, D1)', () => {
  it('G9: in Hebrew the time range is one unbreakable unit (no dangling "–12:00" at 360 px)', async () => {
    const { link } = guestSetup(h.core, { schedule: UPCOMING });
    const { text } = await new Client(h.base, { 'accept-language': 'he' }).getText(`/g/${link.token}`);
    expect(text).toMatch(/<span class="nowrap">10:00\s?–\s?10:45<\/span>/);
    expect(GUEST_CSS).toContain('.nowrap{white-space:nowrap}');
  });

  it('G9: the split schedule is the same text; a range over two days is left to wrap', () => {
    const s = { startsAt: '2026-06-12T08:00:00.000Z', endsAt: '2026-06-12T09:00:00.000Z', timeZone: 'Asia/Jerusalem' };
    for (const l of LANGS) {
      const p = formatScheduleParts(s, l)!;
      expect(p.before + p.range + p.after).toBe(formatSchedule(s, l));
      expect(p.range, l).toMatch(/^11:00.*12:00(\sPM)?$/u);
    }
    const twoDays = formatScheduleParts({ ...s, endsAt: '2026-06-13T09:00:00.000Z' }, 'he')!;
    expect(twoDays.range).toBe('');
    expect(twoDays.before).toContain('13');
  });
});
