import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, type OperationName } from '../../src-main/api/schemas';
import { callOperation } from '../../src-main/api/table';
import { fingerprint, seededWorld } from '../helpers/seed';
import { ACTOR } from '../helpers/tmp';

const seeded = () => seededWorld();

type Ids = ReturnType<typeof seeded>;
type Case = [string, (ids: Ids) => unknown, string];

// Every operation, fed bad input: each gets its code, and nothing is written.
const CASES: Partial<Record<OperationName, Case[]>> = {
  'media.create': [
    ['no title', () => ({ kind: 'room', title: '' }), 'MEDIA_TITLE_INVALID'],
    ['blank title', () => ({ kind: 'room', title: '   ' }), 'MEDIA_TITLE_INVALID'],
    ['unknown kind', () => ({ kind: 'podcast', title: 'x' }), 'MEDIA_KIND_INVALID'],
    ['end before start', () => ({ kind: 'room', title: 'x', schedule: { startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', timeZone: 'UTC' } }), 'SCHEDULE_INVALID'],
    ['unknown zone', () => ({ kind: 'room', title: 'x', schedule: { startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', timeZone: 'Mars/Olympus' } }), 'SCHEDULE_INVALID'],
    ['missing file', () => ({ kind: 'media', title: 'x', filePath: '/nope/missing.mp4' }), 'MEDIA_FILE_NOT_FOUND'],
    ['guest access on a channel room', () => ({ kind: 'channel-room', title: 'x', guestAccess: true }), 'GUEST_LINKS_UNSUPPORTED'],
    ['unknown field', () => ({ kind: 'room', title: 'x', owner: 'me' }), 'INVALID_INPUT'],
    ['not an object', () => 'media', 'INVALID_INPUT'],
  ],
  'media.update': [
    ['missing media', () => ({ mediaId: 9999, title: 'x' }), 'MEDIA_NOT_FOUND'],
    ['blank title', (i) => ({ mediaId: i.room, title: '' }), 'MEDIA_TITLE_INVALID'],
    ['guest access on a channel room', (i) => ({ mediaId: i.channel, guestAccess: true }), 'GUEST_LINKS_UNSUPPORTED'],
  ],
  'media.list': [
    ['bad kind', () => ({ kind: 'x' }), 'MEDIA_KIND_INVALID'],
    ['page of 0', () => ({ limit: 0 }), 'INVALID_INPUT'],
    ['page too large', () => ({ limit: 1001 }), 'INVALID_INPUT'],
    ['negative offset', () => ({ offset: -1 }), 'INVALID_INPUT'],
  ],
  'media.count': [['bad kind', () => ({ kind: 'x' }), 'MEDIA_KIND_INVALID']],
  'media.get': [
    ['missing', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND'],
    ['negative id', () => ({ mediaId: -1 }), 'MEDIA_NOT_FOUND'],
    ['string id', () => ({ mediaId: '1; DROP TABLE media' }), 'MEDIA_NOT_FOUND'],
  ],
  'media.setAvailability': [['missing boolean', (i) => ({ mediaId: i.room, available: 'no' }), 'INVALID_INPUT']],
  'media.setGuestAccess': [
    ['channel room', (i) => ({ mediaId: i.channel, enabled: true }), 'GUEST_LINKS_UNSUPPORTED'],
    ['missing media', () => ({ mediaId: 9999, enabled: true }), 'MEDIA_NOT_FOUND'],
  ],
  'media.setRequireAdmission': [['missing media', () => ({ mediaId: 9999, required: true }), 'MEDIA_NOT_FOUND']],
  'links.create': [
    ['a 4th link', (i) => ({ mediaId: i.full, name: 'd' }), 'GUEST_LINK_LIMIT'],
    ['clicks 0', (i) => ({ mediaId: i.room, name: 'x', clicks: 0 }), 'CLICKS_INVALID'],
    ['clicks 1.5', (i) => ({ mediaId: i.room, name: 'x', clicks: 1.5 }), 'CLICKS_INVALID'],
    ['clicks text', (i) => ({ mediaId: i.room, name: 'x', clicks: 'many' }), 'CLICKS_INVALID'],
    ['days -1', (i) => ({ mediaId: i.room, name: 'x', days: -1 }), 'DAYS_INVALID'],
    ['days huge', (i) => ({ mediaId: i.room, name: 'x', days: 1e9 }), 'DAYS_INVALID'],
    ['no name', (i) => ({ mediaId: i.room, name: '' }), 'LINK_NAME_INVALID'],
    ['name of spaces', (i) => ({ mediaId: i.room, name: '    ' }), 'LINK_NAME_INVALID'],
    ['name of 101', (i) => ({ mediaId: i.room, name: 'x'.repeat(101) }), 'LINK_NAME_INVALID'],
    ['channel room', (i) => ({ mediaId: i.channel, name: 'x' }), 'GUEST_LINKS_UNSUPPORTED'],
    ['missing media', () => ({ mediaId: 9999, name: 'x' }), 'MEDIA_NOT_FOUND'],
  ],
  'links.list': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'links.delete': [
    ['missing link', () => ({ linkId: 9999 }), 'LINK_NOT_FOUND'],
    ['already deleted', (i) => ({ linkId: i.gone }), 'LINK_DELETED'],
  ],
  'links.edit': [
    ['G11: missing link', () => ({ linkId: 9999, name: 'x' }), 'LINK_NOT_FOUND'],
    ['G11: deleted link', (i) => ({ linkId: i.gone, name: 'x' }), 'LINK_DELETED'],
    ['G11: nothing to change', (i) => ({ linkId: i.link }), 'NOTHING_TO_CHANGE'],
    ['G11: blank name', (i) => ({ linkId: i.link, name: '   ' }), 'LINK_NAME_INVALID'],
    ['G11: name of 101', (i) => ({ linkId: i.link, name: 'x'.repeat(101) }), 'LINK_NAME_INVALID'],
    ['G11: clicks 0', (i) => ({ linkId: i.link, clicks: 0 }), 'CLICKS_INVALID'],
    ['G11: days 1.5', (i) => ({ linkId: i.link, days: 1.5 }), 'DAYS_INVALID'],
    ['G11: unknown field', (i) => ({ linkId: i.link, token: 'mine' }), 'INVALID_INPUT'],
  ],
  'links.rotate': [['already deleted', (i) => ({ linkId: i.gone }), 'LINK_DELETED']],
  'links.qrCode': [['not a URL', () => ({ url: 'javascript alert' }), 'INVALID_INPUT']],
  'invites.create': [
    ['no emails', (i) => ({ mediaId: i.room, emails: [], role: 'viewer' }), 'EMAILS_REQUIRED'],
    ['only blank lines', (i) => ({ mediaId: i.room, emails: ['\n\n  '], role: 'viewer' }), 'EMAILS_REQUIRED'],
    ['bad role', (i) => ({ mediaId: i.room, emails: ['a@b.co'], role: 'owner' }), 'ROLE_INVALID'],
    ['missing media', () => ({ mediaId: 9999, emails: ['a@b.co'], role: 'viewer' }), 'MEDIA_NOT_FOUND'],
    ['send without a mail server', (i) => ({ mediaId: i.room, emails: ['a@b.co'], role: 'viewer', send: true }), 'MAIL_NOT_CONFIGURED'],
    ['an email language we do not write', (i) => ({ mediaId: i.room, emails: ['a@b.co'], role: 'viewer', lang: 'de' }), 'MAIL_LANGUAGE_INVALID'],
  ],
  'invites.email': [
    ['without a mail server', (i) => ({ mediaId: i.room }), 'MAIL_NOT_CONFIGURED'],
    ['neither a media entry nor an invite', () => ({}), 'INVALID_INPUT'],
    ['both a media entry and an invite', (i) => ({ mediaId: i.room, inviteId: i.invite }), 'INVALID_INPUT'],
  ],
  'invites.list': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'invites.revoke': [
    ['missing invite', () => ({ inviteId: 9999 }), 'INVITE_NOT_FOUND'],
    ['already revoked', (i) => ({ inviteId: i.revoked }), 'INVITE_REVOKED'],
  ],
  'invites.setRole': [
    ['bad role', (i) => ({ inviteId: i.invite, role: 'admin' }), 'ROLE_INVALID'],
    ['revoked', (i) => ({ inviteId: i.revoked, role: 'speaker' }), 'INVITE_REVOKED'],
  ],
  'invites.setSkipLobby': [['missing invite', () => ({ inviteId: 9999, skipLobby: true }), 'INVITE_NOT_FOUND']],
  'participants.list': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'participants.page': [
    ['missing media', () => ({ mediaId: 9999, section: 'waiting' }), 'MEDIA_NOT_FOUND'],
    ['unknown list', (i) => ({ mediaId: i.room, section: 'denied' }), 'PAGE_INVALID'],
    ['forged cursor', (i) => ({ mediaId: i.room, section: 'room', after: { rank: -1, id: 1 } }), 'PAGE_INVALID'],
    ['page too large', (i) => ({ mediaId: i.room, section: 'room', limit: 10_000 }), 'INVALID_INPUT'],
  ],
  'participants.counts': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'participants.get': [
    ['missing media', (i) => ({ mediaId: 9999, participantIds: [i.participant] }), 'MEDIA_NOT_FOUND'],
    ['no IDs', (i) => ({ mediaId: i.room, participantIds: [] }), 'INVALID_INPUT'],
    ['an ID that is not a number', (i) => ({ mediaId: i.room, participantIds: ['1 OR 1=1'] }), 'INVALID_INPUT'],
  ],
  'participants.admit': [
    ['missing', () => ({ participantId: 9999 }), 'PARTICIPANT_NOT_FOUND'],
    ['already in', (i) => ({ participantId: i.participant }), 'PARTICIPANT_STATE'],
  ],
  'participants.deny': [['already in', (i) => ({ participantId: i.participant }), 'PARTICIPANT_STATE']],
  'participants.denyAndBlock': [['already in', (i) => ({ participantId: i.participant }), 'PARTICIPANT_STATE']],
  'participants.blocked': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'participants.unblock': [
    ['missing media', () => ({ mediaId: 9999, email: 'a@x.co' }), 'MEDIA_NOT_FOUND'],
    ['not an email', (i) => ({ mediaId: i.room, email: 'not an email' }), 'EMAIL_INVALID'],
    ['no email', (i) => ({ mediaId: i.room }), 'EMAIL_INVALID'],
  ],
  'participants.remove': [['missing', () => ({ participantId: 9999 }), 'PARTICIPANT_NOT_FOUND']],
  'participants.lowerHand': [
    ['missing', () => ({ participantId: 9999 }), 'PARTICIPANT_NOT_FOUND'],
    ['not in the room', (i) => ({ participantId: i.participant + 1000 }), 'PARTICIPANT_NOT_FOUND'],
  ],
  'participants.admitAll': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'activity.funnel': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'audit.list': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'export.csv': [['bad format', (i) => ({ mediaId: i.room, format: 'xlsx' }), 'EXPORT_FORMAT_INVALID']],
  'settings.get': [['extra field', () => ({ secret: 1 }), 'INVALID_INPUT']],
  'live.settings.get': [['extra field', () => ({ secret: 1 }), 'INVALID_INPUT']],
  'mail.settings.get': [['extra field', () => ({ password: 1 }), 'INVALID_INPUT']],
  'mail.settings.set': [
    ['a password in the URL', () => ({ smtpUrl: 'smtp://u:secret@mail.example.org:587' }), 'SMTP_URL_INVALID'],
    ['not smtp', () => ({ smtpUrl: 'http://mail.example.org' }), 'SMTP_URL_INVALID'],
    ['a path after the server', () => ({ smtpUrl: 'smtp://mail.example.org:25/x' }), 'SMTP_URL_INVALID'],
    ['a sender that is not an address', () => ({ from: 'events at example.org' }), 'MAIL_FROM_INVALID'],
    ['a sender with a line break', () => ({ from: 'a@example.org\r\nBcc: x@example.org' }), 'MAIL_FROM_INVALID'],
    ['an unknown language', () => ({ lang: 'de' }), 'MAIL_LANGUAGE_INVALID'],
  ],
  'live.settings.set': [
    ['unknown engine', () => ({ engine: 'mediasoup' }), 'INVALID_INPUT'],
    ['http URL for Janus', () => ({ engine: 'external', janusUrl: 'http://janus.example.org' }), 'SETTING_INVALID'],
    ['external without a URL', () => ({ engine: 'external' }), 'SETTING_INVALID'],
    ['relative janus path', () => ({ janusPath: 'bin/janus' }), 'SETTING_INVALID'],
    ['STUN without a port', () => ({ stunServer: 'stun.example.org' }), 'SETTING_INVALID'],
    ['TURN without its scheme', () => ({ turnServer: 'turn.example.org:3478', turnSecret: 'x' }), 'SETTING_INVALID'],
    ['TURN without its shared secret', () => ({ turnServer: 'turn:turn.example.org:3478' }), 'SETTING_INVALID'],
    ['a TURN secret that is not text', () => ({ turnSecret: 42 }), 'INVALID_INPUT'],
  ],
  'live.status': [['not an ID', () => ({ mediaId: 'one' }), 'MEDIA_NOT_FOUND']],
  'live.letSpeak': [
    ['missing', () => ({ participantId: 9999, allowed: true }), 'PARTICIPANT_NOT_FOUND'],
    ['allowed not a boolean', () => ({ participantId: 1, allowed: 'yes' }), 'INVALID_INPUT'],
  ],
  'live.mute': [['missing', () => ({ participantId: 9999 }), 'PARTICIPANT_NOT_FOUND']],
  'live.muteAll': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'live.end': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'live.join': [['missing media', () => ({ mediaId: 9999 }), 'MEDIA_NOT_FOUND']],
  'settings.set': [
    ['relative base URL', () => ({ baseUrl: 'events.example.org' }), 'BASE_URL_INVALID'],
    ['ftp base URL', () => ({ baseUrl: 'ftp://example.org' }), 'BASE_URL_INVALID'],
    ['base URL with credentials', () => ({ baseUrl: 'https://u:p@example.org' }), 'BASE_URL_INVALID'],
  ],
};

describe('bad input to every operation gets its code and writes nothing', () => {
  it('every operation has at least one bad-input case', () => {
    expect(OPERATION_NAMES.filter((n) => !CASES[n])).toEqual([]);
  });

  for (const [name, cases] of Object.entries(CASES) as [OperationName, Case[]][]) {
    for (const [label, input, code] of cases) {
      it(`${name}: ${label} → ${code}`, async () => {
        const ids = seeded();
        const before = fingerprint(ids.core.db);
        const r = await callOperation(ids.core, name, input(ids), ACTOR);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe(code);
        expect(r.error.message.length).toBeGreaterThan(10);
        expect(r.error.message).not.toMatch(/at .*\.ts:\d+|SqliteError|undefined/);
        expect(fingerprint(ids.core.db)).toEqual(before);
        ids.core.close();
      });
    }
  }

  it('an unknown operation is refused with a code', async () => {
    const { core } = seeded();
    const r = await callOperation(core, 'db.drop' as OperationName, {}, ACTOR);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
  });

  it('G3: digits given as text (from a form or the CLI) are accepted; empty means unlimited', async () => {
    const { core, room } = seeded();
    const r = await callOperation(core, 'links.create', { mediaId: room, name: '  Guest speakers  ', clicks: '25', days: '' }, ACTOR);
    expect(r).toMatchObject({ ok: true, value: { name: 'Guest speakers', maxUses: 25, expiresAt: null } });
  });

  it('O1: the CSV export quotes cells and defuses spreadsheet formulas', async () => {
    const { core, room } = seeded();
    await callOperation(core, 'links.create', { mediaId: room, name: '=HYPERLINK("http://evil")' }, ACTOR);
    const r = await callOperation(core, 'export.csv', { mediaId: room }, ACTOR);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(r.value.csv.split('\r\n')[0]).toBe('type,name_or_email,role,url,state,uses,limit,expires_at,created_at,last_joined_at');
    expect(r.value.csv).toMatch(/^invite,a@x\.co,viewer,http:\/\/127\.0\.0\.1:4410\/i\//m);
  });

  it('O1: QR codes are made offline, as SVG and PNG', async () => {
    const { core } = seeded();
    const r = await callOperation(core, 'links.qrCode', { url: 'https://events.example.org/g/abc' }, ACTOR);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.svg).toMatch(/^<svg/);
    expect(r.value.pngDataUrl).toMatch(/^data:image\/png;base64,/);
  });
});
