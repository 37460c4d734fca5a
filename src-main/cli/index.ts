// The `guestlist` command: the moderator operations from a terminal, plus
// `serve` (the guest listener, headless). Every command goes through the
// same operations table as the desktop app.
import fs from 'node:fs';
import net from 'node:net';
import { readListenerAddress } from '../core/servedAddress';
import { isAnyAddress } from '../core/network';
import { mediaAddresses } from '../live/addresses';
import path from 'node:path';
import { type Api, callOperation, type Result } from '../api/table';
import { MAX_PARTICIPANT_PAGE, type OperationName } from '../api/schemas';
import { type Core, openCore } from '../core';
import { AppError, type ErrorInfo, toErrorInfo } from '../core/errors';
import { resolveDataDir } from '../core/paths';
import { defaultRequireAdmission } from '../core/lobbyDefaults';
import { type CoreSettings, DEFAULT_PORT } from '../core/settings';
import type { LiveSettings } from '../core/liveSettings';
import { MAIL_LANGS, type MailLang, type MailSettings } from '../core/mailSettings';
import type { LiveStatus } from '../live/status';
import { type Invite, type Media, PARTICIPANT_SECTIONS, type Participant, type ParticipantCursor, type ParticipantSection, type Schedule } from '../core/types';
import { dateTimeProblem, hasOffset, isTimeZone, localTimeZone, zonedLocalToIso } from '../core/zonedTime';
import { commandWords, type FlagSpec, type FlagValue, numberish, parseFlags, UsageError, wholeNumber, yesNo } from './args';
import type { ReachResult } from '../listener/reach';
import { escapeTerminal, formatHuman, inZone, jsonForTerminal, type ZoneOf } from './format';
import { CLI_ACTOR, type Io } from './io';

export { CLI_ACTOR, type Io };

const HELP_HEAD = `guestlist — guest links and invite links for media and live rooms

Usage: guestlist [--data DIR] [--json] <command> [options]

Global options:
  --data DIR     data folder (default: GUESTLIST_DATA_DIR, or the app's folder)
  --json         machine-readable output: JSON on stdout; errors as JSON {code, message} on stderr
  --help         this text (after a command, as in guestlist links create --help: that command's help)

Commands:
`;

const HELP_FOOT = `
Times without an offset (--starts 2027-03-15T10:00) are read in --tz, or in this computer's zone without --tz.
Exit codes: 0 done, 1 refused or nothing was done (e.g. every invite refused), 2 the command line is wrong
(an unknown flag, a missing value, an ID that isn't a number); a usage error prints the command's usage line.
`;

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};


type Command = {
  /** The command and its flags (the usage line), then any notes, one per line. */
  usage: string;
  flags: FlagSpec;
  /** Words after the flags (config set KEY VALUE). */
  positionals?: boolean;
  /** Returns the operation to call and its input, or runs by itself (serve, export). */
  run: (f: Record<string, FlagValue>, pos: string[], core: Core, io: Io, json: boolean) => Promise<Result<unknown>> | Result<unknown>;
  /** Formats a successful value for people, when formatHuman's table isn't it. */
  human?: (value: never, f: Record<string, FlagValue>, pos: string[], zoneOf: ZoneOf) => string;
  /** Exit code for a successful run whose value says "no" (reach). */
  exitCode?: (value: never) => number;
};

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

function configSentence(key: string, s: CoreSettings & LiveSettings): string {
  switch (key) {
    case 'base-url':
      return s.baseUrlAuto ? `Links now follow the address the listener serves (now ${s.baseUrl}).` : `Links now start with ${s.baseUrl}.`;
    case 'invite-skip-lobby':
      return s.inviteSkipLobbyDefault ? 'New invites now skip the lobby.' : 'New invites now wait in the lobby.';
    case 'live-engine':
      return s.engine === 'off'
        ? 'Live audio and video are now off; rooms keep their chat and people list.'
        : s.engine === 'external'
          ? `Rooms now use the Janus at ${s.janusUrl ?? '(no URL yet: config set janus-url)'}.`
          : `Rooms now use a Janus this computer starts itself (${s.janusPath ?? 'janus on PATH'}).`;
    case 'janus-path':
      return `The built-in live engine now runs ${s.janusPath ?? 'the janus on PATH'}.`;
    case 'janus-url':
      return s.janusUrl ? `The external live engine is now ${s.janusUrl}.` : 'The external live engine URL was removed.';
    case 'janus-secret':
      return s.janusSecretSet ? 'The external live engine’s API secret was saved (it is never shown).' : 'The external live engine’s API secret was removed.';
    case 'janus-admin-key':
      return 'The external live engine’s admin key was saved (it is never shown).';
    case 'stun-server':
      return s.stunServer ? `Live media now use the STUN server ${s.stunServer}.` : 'Live media use no STUN server.';
    case 'turn-server':
      return s.turnServer ? `Live media now use the TURN server ${s.turnServer}; pages get credentials valid 12 hours, Janus 30 days.` : 'Live media use no TURN server.';
    case 'turn-secret':
      return s.turnSecretSet ? 'The TURN server’s shared secret was saved (it is never shown, and never leaves this computer).' : 'The TURN server’s shared secret was removed.';
    default:
      return 'Saved.';
  }
}

function mailSentence(key: string, m: MailSettings): string {
  switch (key) {
    case 'smtp-url':
      return m.configured
        ? `Invites are now emailed through ${m.secure ? 'smtps' : 'smtp'}://${m.user ? `${m.user}@` : ''}${m.host}:${m.port}${m.user ? (m.passwordSet ? ' (password saved; it is never shown)' : ' (no password)') : ''}.`
        : 'No mail server: invites are links to copy or send yourself.';
    case 'smtp-password':
      return m.passwordSet ? 'The mail server password was saved (it is never shown).' : 'The mail server password was removed.';
    case 'mail-from':
      return m.from ? `Invite emails now come from ${m.from}.` : 'Invite emails come from the mail server user (or guestlist@ the server).';
    case 'mail-language':
      return `Invites without a language of their own are now emailed in ${m.lang}.`;
    default:
      return 'Saved.';
  }
}

function liveStatusText(v: LiveStatus): string {
  const e = v.engine;
  const head =
    e.state === 'ready'
      ? `Live engine: ready (${e.source}).`
      : e.state === 'off' || e.state === 'unavailable'
        ? `Live audio and video are unavailable: ${e.reason ?? e.state}`
        : `Live engine: ${e.state} (${e.source}).`;
  const rooms = v.rooms.map((r) => `  media ${r.mediaId}: ${r.connected} in the live session, ${r.publishing} sending audio or video`);
  return [head, ...rooms].join('\n') + '\n';
}

const str = (v: FlagValue): string | undefined => (typeof v === 'string' ? v : undefined);
const need = (f: Record<string, FlagValue>, name: string): string => {
  const v = str(f[name]);
  if (v === undefined) throw new UsageError(`--${name} is required.`);
  return v;
};
/** `--clicks none` / `--days none` remove the limit; omitted leaves it as it is. */
const numberOrNone = (v: FlagValue): number | string | null | undefined => (typeof v === 'string' && v.trim().toLowerCase() === 'none' ? null : numberish(v));
/** `--lang fr`: the language of an invite's email. */
const langOf = (f: Record<string, FlagValue>): MailLang | undefined => {
  const v = str(f.lang);
  if (v === undefined) return undefined;
  if (!(MAIL_LANGS as readonly string[]).includes(v)) throw new UsageError(`--lang is one of ${MAIL_LANGS.join(', ')}, not “${v}”.`);
  return v as MailLang;
};
/** `--media 1`: an ID is a whole number, or the command line is wrong (exit 2). */
const idOf = (f: Record<string, FlagValue>, name: string): number => wholeNumber(need(f, name), name);

/**
 * M1: a schedule from --starts, --ends and --tz. A time with an offset (Z,
 * +09:00) is that instant; one without is a wall-clock time in --tz, or in this
 * computer's zone without --tz (the zone the schedule is then stored in), read
 * by the console's own function. Each refusal names the part that is wrong.
 */
function readSchedule(f: Record<string, FlagValue>): Schedule | undefined {
  const [starts, ends, tz] = [str(f.starts), str(f.ends), str(f.tz)];
  if (starts === undefined && ends === undefined && tz === undefined) return undefined;
  if (starts === undefined || ends === undefined) throw new UsageError(`A schedule needs --starts and --ends (${starts === undefined ? '--starts' : '--ends'} is missing).`);
  const zone = tz ?? localTimeZone();
  if (!isTimeZone(zone)) throw new AppError('SCHEDULE_INVALID', `--tz: “${zone}” is not a time zone (like Europe/Paris or America/New_York).`);
  const at = (flag: string, text: string): string => {
    const problem = dateTimeProblem(text);
    if (problem) throw new AppError('SCHEDULE_INVALID', `--${flag} “${text}”: ${problem}.`);
    return hasOffset(text) ? new Date(text.trim()).toISOString() : zonedLocalToIso(text, zone)!;
  };
  const startsAt = at('starts', starts);
  const endsAt = at('ends', ends);
  if (Date.parse(endsAt) <= Date.parse(startsAt)) {
    throw new AppError('SCHEDULE_INVALID', `The end (--ends ${inZone(endsAt, zone)}) must be after the start (--starts ${inZone(startsAt, zone)}), ${zone} time.`);
  }
  return { startsAt, endsAt, timeZone: zone };
}

/** Where a page of `participants list` ends: "waiting.57", "room.2.456", or "room" (the start of In the room). */
type Cursor = { section: ParticipantSection; after: ParticipantCursor | null };
const CURSOR = /^(?:(waiting)(?:\.(\d+))?|(room)(?:\.([0-3])\.(\d+))?)$/;
function readCursor(text: string): Cursor {
  const m = CURSOR.exec(text.trim());
  if (!m) throw new UsageError(`--after takes the cursor a page printed (like waiting.57 or room.2.456), not “${text}”.`);
  if (m[1]) return { section: 'waiting', after: m[2] ? { rank: 0, id: Number(m[2]) } : null };
  return { section: 'room', after: m[4] ? { rank: Number(m[4]), id: Number(m[5]) } : null };
}
const cursorText = (section: ParticipantSection, after: ParticipantCursor | null): string =>
  !after ? section : section === 'waiting' ? `waiting.${after.id}` : `room.${after.rank}.${after.id}`;

type ParticipantsPage = { participants: Participant[]; next: string | null };

/**
 * `participants list` with --state, --search, --limit or --after: the console's
 * paged read (participants.page, keyset), Waiting then In the room, so a room
 * of 5,000 is read a page at a time and the next page starts where this one ended.
 */
async function participantsPage(core: Core, mediaId: number, f: Record<string, FlagValue>): Promise<Result<ParticipantsPage>> {
  const state = str(f.state) as ParticipantSection | undefined;
  const limit = f.limit === undefined ? Infinity : wholeNumber(str(f.limit)!, 'limit');
  const cursor = f.after === undefined ? null : readCursor(str(f.after)!);
  const sections: ParticipantSection[] = state ? [state] : ['waiting', 'room'];
  if (cursor && !sections.includes(cursor.section)) throw new UsageError(`--after ${str(f.after)} is a cursor of ${cursor.section}, not of --state ${state}.`);
  const search = str(f.search);
  const rows: Participant[] = [];
  let i = cursor ? sections.indexOf(cursor.section) : 0;
  let after = cursor?.after ?? null;
  const page = (section: ParticipantSection, n: number, from: ParticipantCursor | null) =>
    op(core, 'participants.page', { mediaId, section, search, after: from ?? undefined, limit: Math.min(n, MAX_PARTICIPANT_PAGE) });
  while (i < sections.length) {
    const r = await page(sections[i]!, limit - rows.length, after);
    if (!r.ok) return r;
    rows.push(...r.value.rows);
    if (r.value.next) {
      after = r.value.next;
      if (rows.length >= limit) return { ok: true, value: { participants: rows, next: cursorText(sections[i]!, after) } };
      continue;
    }
    i++;
    after = null;
    if (rows.length >= limit) {
      // The limit ended a section: the cursor points at the next one only if anyone is there.
      for (; i < sections.length; i++) {
        const peek = await page(sections[i]!, 1, null);
        if (!peek.ok) return peek;
        if (peek.value.rows.length) return { ok: true, value: { participants: rows, next: cursorText(sections[i]!, null) } };
      }
    }
  }
  return { ok: true, value: { participants: rows, next: null } };
}

function op<K extends OperationName>(core: Core, name: K, input: unknown): Promise<Result<Api[K]['output']>> {
  return callOperation(core, name, input, CLI_ACTOR);
}

const COMMANDS: Record<string, Command> = {
  'media add': {
    usage: `media add --title T --kind media|room|channel-room|gallery-room
          [--description D] [--starts TIME --ends TIME [--tz ZONE]] [--doors-open N] [--contact TEXT]
          [--file PATH] [--require-admission | --no-lobby]
          (--doors-open N: with a schedule, guests are let in from N minutes before the start; 15 without it)
          (without either, rooms get a lobby and on-demand media doesn't; see the README)
          (TIME: 2027-03-15T10:00 is read in --tz, or in this computer's zone; 2027-03-15T10:00Z or +09:00 is that instant)`,
    flags: { title: 'string', kind: 'string', description: 'string', starts: 'string', ends: 'string', tz: 'string', 'doors-open': 'string', contact: 'string', file: 'string', 'require-admission': 'boolean', 'no-lobby': 'boolean' },
    run: (f, _p, core) => {
      if (f['require-admission'] && f['no-lobby']) throw new UsageError('Give --require-admission or --no-lobby, not both.');
      const title = need(f, 'title');
      const kind = need(f, 'kind');
      return op(core, 'media.create', {
        title,
        kind,
        description: str(f.description),
        schedule: readSchedule(f),
        doorsOpenMinutes: numberish(f['doors-open']),
        contact: str(f.contact),
        filePath: str(f.file) === undefined ? undefined : path.resolve(str(f.file)!),
        requireAdmission: f['require-admission'] === true ? true : f['no-lobby'] === true ? false : defaultRequireAdmission(kind),
      });
    },
    // Says which zone a time without an offset was read in.
    human: (m: Media, f, _p, zoneOf) => {
      const [starts, ends] = [str(f.starts), str(f.ends)];
      const bare = [starts && !hasOffset(starts) ? '--starts' : null, ends && !hasOffset(ends) ? '--ends' : null].filter(Boolean);
      const from = str(f.tz) !== undefined ? 'from --tz' : "this computer's zone; give --tz to choose";
      const note = bare.length && m.schedule ? `  ${bare.join(' and ')} ${bare.length === 2 ? 'were' : 'was'} read in ${escapeTerminal(m.schedule.timeZone)} (${from})\n` : '';
      return formatHuman('media add', m, zoneOf) + note;
    },
  },
  'media list': { usage: 'media list [--kind K] [--search TEXT]', flags: { kind: 'string', search: 'string' }, run: (f, _p, core) => op(core, 'media.list', { kind: str(f.kind), search: str(f.search) }) },
  'media show': { usage: 'media show --media ID', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'media.get', { mediaId: idOf(f, 'media') }) },
  'media set': {
    usage: 'media set --media ID [--title T] [--available yes|no] [--guest-access on|off] [--require-admission yes|no] [--doors-open N] [--contact TEXT]',
    flags: { media: 'string', title: 'string', description: 'string', available: 'string', 'guest-access': 'string', 'require-admission': 'string', 'doors-open': 'string', contact: 'string' },
    run: (f, _p, core) => {
      const input = {
        mediaId: idOf(f, 'media'),
        title: str(f.title),
        description: str(f.description),
        available: yesNo(f.available, 'available'),
        guestAccess: yesNo(f['guest-access'], 'guest-access'),
        requireAdmission: yesNo(f['require-admission'], 'require-admission'),
        doorsOpenMinutes: numberish(f['doors-open']),
        contact: str(f.contact),
      };
      if (Object.values(input).filter((v) => v !== undefined).length < 2) throw new UsageError('Say what to change: --title, --available, --guest-access, --require-admission, --doors-open or --contact.');
      return op(core, 'media.update', input);
    },
  },
  'links create': {
    usage: 'links create --media ID --name NAME [--clicks N] [--days N]',
    flags: { media: 'string', name: 'string', clicks: 'string', days: 'string' },
    run: (f, _p, core) => op(core, 'links.create', { mediaId: idOf(f, 'media'), name: need(f, 'name'), clicks: numberish(f.clicks) ?? null, days: numberish(f.days) ?? null }),
  },
  'links edit': {
    usage: 'links edit --link ID [--name NAME] [--clicks N|none] [--days N|none]',
    flags: { link: 'string', name: 'string', clicks: 'string', days: 'string' },
    run: (f, _p, core) => {
      const linkId = idOf(f, 'link');
      const change = { name: str(f.name), clicks: numberOrNone(f.clicks), days: numberOrNone(f.days) };
      if (Object.values(change).every((v) => v === undefined)) throw new UsageError('Say what to change: --name, --clicks (a number or none) or --days (a number or none).');
      return op(core, 'links.edit', { linkId, ...change });
    },
  },
  'links list': { usage: 'links list --media ID', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'links.list', { mediaId: idOf(f, 'media') }) },
  'links delete': { usage: 'links delete --link ID', flags: { link: 'string' }, run: (f, _p, core) => op(core, 'links.delete', { linkId: idOf(f, 'link') }) },
  'links rotate': { usage: 'links rotate --link ID', flags: { link: 'string' }, run: (f, _p, core) => op(core, 'links.rotate', { linkId: idOf(f, 'link') }) },
  'invites create': {
    usage: `invites create --media ID --email E [--email E ...] --role viewer|speaker|moderator [--lock-name] [--skip-lobby yes|no] [--days N] [--lang en|fr|es|he] [--send]
          (--send: email each new invite now, through the mail server of config set smtp-url; --lang: the email's language)`,
    flags: { media: 'string', email: 'multi', role: 'string', 'lock-name': 'boolean', 'skip-lobby': 'string', days: 'string', lang: 'string', send: 'boolean' },
    run: async (f, _p, core) => {
      const r = await op(core, 'invites.create', {
        mediaId: idOf(f, 'media'),
        emails: (f.email as string[] | undefined) ?? [],
        role: need(f, 'role'),
        lockName: f['lock-name'] === true,
        skipLobby: yesNo(f['skip-lobby'], 'skip-lobby'),
        days: numberish(f.days) ?? null,
        lang: langOf(f),
        send: f.send === true ? true : undefined,
      });
      if (!r.ok || f.send !== true) return r;
      // Sent here, in this process, before the command ends; the statuses are the same the app shows.
      const ids = r.value.flatMap((x) => (x.ok ? [x.invite.id] : []));
      await core.inviteSends.drain(ids);
      return { ok: true, value: r.value.map((x) => (x.ok ? { ...x, invite: core.invites.get(x.invite.id) } : x)) };
    },
    // Nothing was done when every address was refused (exit 1, README).
    exitCode: (results: { ok: boolean }[]) => (results.every((r) => !r.ok) ? 1 : 0),
  },
  'invites list': { usage: 'invites list --media ID', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'invites.list', { mediaId: idOf(f, 'media') }) },
  'invites send': {
    usage: `invites send --media ID | --invite ID
          (--media: email every invite of that entry not sent yet, failed ones included; --invite: email that one again.
          Sent now, from this process, through the mail server of config set smtp-url; exit 1 if any send failed)`,
    flags: { media: 'string', invite: 'string' },
    run: async (f, _p, core) => {
      if ((f.media === undefined) === (f.invite === undefined)) throw new UsageError('Give --media ID (every invite not sent yet) or --invite ID (that one).');
      const r = await op(core, 'invites.email', f.invite !== undefined ? { inviteId: idOf(f, 'invite') } : { mediaId: idOf(f, 'media') });
      if (!r.ok) return r;
      const ids = r.value.map((i) => i.id);
      await core.inviteSends.drain(ids);
      return { ok: true, value: ids.map((id) => core.invites.get(id)) };
    },
    human: (v: Invite[], _f, _p, zoneOf) => (v.length === 0 ? 'Every invite of this entry was already emailed (use --invite ID to send one again).\n' : formatHuman('invites list', v, zoneOf)),
    exitCode: (v: Invite[]) => (v.some((i) => i.mail?.state === 'failed') ? 1 : 0),
  },
  'invites revoke': { usage: 'invites revoke --invite ID', flags: { invite: 'string' }, run: (f, _p, core) => op(core, 'invites.revoke', { inviteId: idOf(f, 'invite') }) },
  'invites role': { usage: 'invites role --invite ID --role R', flags: { invite: 'string', role: 'string' }, run: (f, _p, core) => op(core, 'invites.setRole', { inviteId: idOf(f, 'invite'), role: need(f, 'role') }) },
  'participants list': {
    usage: `participants list --media ID [--state waiting|room] [--search TEXT] [--limit N] [--after CURSOR] [--count] [--all]
          (--all: also those denied, removed or who left; --state: only Waiting or only In the room;
          --search: text in the name or email; --limit N: the first N, then "Next page: --after CURSOR";
          --count: only the number of people who match)`,
    flags: { media: 'string', all: 'boolean', state: 'string', search: 'string', limit: 'string', after: 'string', count: 'boolean' },
    run: async (f, _p, core) => {
      const mediaId = idOf(f, 'media');
      const state = str(f.state);
      if (state !== undefined && !(PARTICIPANT_SECTIONS as readonly string[]).includes(state)) throw new UsageError(`--state is waiting or room, not “${state}”.`);
      const paged = state !== undefined || f.search !== undefined || f.limit !== undefined || f.after !== undefined;
      if (f.all === true && (paged || f.count === true)) throw new UsageError('--all lists everyone, in every state, at once; it does not go with --state, --search, --limit, --after or --count.');
      if (f.count === true) {
        if (f.limit !== undefined || f.after !== undefined) throw new UsageError('--count counts everyone who matches; it does not go with --limit or --after.');
        const r = await op(core, 'participants.counts', { mediaId, search: str(f.search) });
        if (!r.ok) return r;
        const c = r.value;
        return { ok: true, value: state === 'waiting' ? c.waitingMatching : state === 'room' ? c.inRoomMatching : c.waitingMatching + c.inRoomMatching };
      }
      if (!paged) return op(core, 'participants.list', { mediaId, all: f.all === true ? true : undefined });
      return participantsPage(core, mediaId, f);
    },
    human: (v: Participant[] | ParticipantsPage | number, f, _p, zoneOf) => {
      if (typeof v === 'number') return `${v}\n`;
      if (Array.isArray(v)) return formatHuman('participants list', v, zoneOf);
      const filtered = f.search !== undefined || f.state !== undefined;
      const table = v.participants.length === 0 && filtered ? 'Nobody matches.\n' : formatHuman('participants list', v.participants, zoneOf);
      return v.next ? `${table}Next page: --after ${v.next}\n` : table;
    },
  },
  'participants admit': { usage: 'participants admit --participant ID', flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.admit', { participantId: idOf(f, 'participant') }) },
  'participants deny': { usage: 'participants deny --participant ID', flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.deny', { participantId: idOf(f, 'participant') }) },
  'participants remove': { usage: 'participants remove --participant ID', flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.remove', { participantId: idOf(f, 'participant') }) },
  'participants block': {
    usage: 'participants block --participant ID   (deny, and block that email for this media entry)',
    flags: { participant: 'string' },
    run: (f, _p, core) => op(core, 'participants.denyAndBlock', { participantId: idOf(f, 'participant') }),
  },
  'participants blocked': { usage: 'participants blocked --media ID', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'participants.blocked', { mediaId: idOf(f, 'media') }) },
  'participants unblock': { usage: 'participants unblock --media ID --email E', flags: { media: 'string', email: 'string' }, run: (f, _p, core) => op(core, 'participants.unblock', { mediaId: idOf(f, 'media'), email: need(f, 'email') }) },
  'participants admit-all': { usage: 'participants admit-all --media ID', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'participants.admitAll', { mediaId: idOf(f, 'media') }) },
  audit: { usage: 'audit --media ID', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'audit.list', { mediaId: idOf(f, 'media') }) },
  export: {
    usage: 'export --media ID --format csv [--out FILE]',
    flags: { media: 'string', format: 'string', out: 'string' },
    run: async (f, _p, core, io, json) => {
      const r = await op(core, 'export.csv', { mediaId: idOf(f, 'media'), format: str(f.format) ?? 'csv' });
      if (!r.ok) return r;
      const out = str(f.out);
      if (!out) {
        if (!json) io.out(r.value.csv);
        return json ? r : { ok: true, value: undefined };
      }
      const target = path.resolve(out);
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, r.value.csv);
        fs.renameSync(tmp, target);
      } catch {
        fs.rmSync(tmp, { force: true });
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Could not write ${target}.` } };
      }
      return { ok: true, value: { file: target, bytes: Buffer.byteLength(r.value.csv) } };
    },
  },
  'config get': {
    usage: 'config get',
    flags: {},
    run: async (_f, _p, core) => {
      const [a, b, m] = [await op(core, 'settings.get', {}), await op(core, 'live.settings.get', {}), await op(core, 'mail.settings.get', {})];
      if (!a.ok) return a;
      if (!b.ok) return b;
      if (!m.ok) return m;
      return { ok: true, value: { ...a.value, live: b.value, mail: m.value } };
    },
  },
  'config set': {
    usage: `config set base-url auto|URL     auto: links follow the address the listener serves
  config set invite-skip-lobby yes|no
  config set live-engine built-in|external|off   where live audio and video come from (V5)
  config set janus-path PATH|default             the janus program for built-in (default: janus on PATH)
  config set janus-url ws://HOST:PORT|none       an external Janus (a server, Docker)
  config set janus-secret --stdin                its API secret, read from stdin (never printed)
  config set janus-admin-key --stdin             its VideoRoom admin_key, if it has one (never printed)
  config set stun-server HOST:PORT|none          STUN for Janus and the pages (guests across the internet)
  config set turn-server turn:HOST:PORT|turns:HOST:PORT|none
                                                 TURN (coturn) relays media when no direct path works; ?transport=udp|tcp may follow
  config set turn-secret --stdin                 its shared secret (coturn static-auth-secret), read from stdin (never printed)
  config set smtp-url smtp://[USER@]HOST:PORT|smtps://…|none [--password-stdin]
                                                 the mail server invites are emailed through; its password from stdin (never printed)
  config set smtp-password --password-stdin      change only the mail server password
  config set mail-from ADDRESS|none              the sender of invite emails (default: the user, or guestlist@HOST)
  config set mail-language en|fr|es|he           the language of invite emails without one of their own`,
    flags: { stdin: 'boolean', 'password-stdin': 'boolean' },
    positionals: true,
    run: async (f, p, core, io) => {
      const [key, value, ...extra] = p;
      // The password comes from stdin only, so it stays out of shell history and process lists; one trailing newline is not part of it.
      const password = async () => (await (io.readStdin ?? readStdin)()).replace(/\r?\n$/, '');
      if (key === 'smtp-password') {
        if (!f['password-stdin'] || value !== undefined) throw new UsageError('Use: guestlist config set smtp-password --password-stdin (read from stdin, never printed).');
        return op(core, 'mail.settings.set', { password: (await password()) || null });
      }
      if (key === 'smtp-url') {
        if (value === undefined || extra.length) throw new UsageError('Use: guestlist config set smtp-url smtp://[USER@]HOST:PORT [--password-stdin] (or none).');
        const url = value.trim().toLowerCase() === 'none' ? null : value;
        return op(core, 'mail.settings.set', { smtpUrl: url, ...(f['password-stdin'] && url ? { password: (await password()) || null } : {}) });
      }
      if (f['password-stdin']) throw new UsageError('--password-stdin goes with smtp-url or smtp-password.');
      if (key === 'mail-from' && value !== undefined && !extra.length) return op(core, 'mail.settings.set', { from: value.trim().toLowerCase() === 'none' ? null : value });
      if (key === 'mail-language' && value !== undefined && !extra.length) {
        if (!(MAIL_LANGS as readonly string[]).includes(value)) throw new UsageError(`mail-language is one of ${MAIL_LANGS.join(', ')}.`);
        return op(core, 'mail.settings.set', { lang: value as MailLang });
      }
      if (key === 'janus-secret' || key === 'janus-admin-key' || key === 'turn-secret') {
        if (!f.stdin || value !== undefined) throw new UsageError(`Use: guestlist config set ${key} --stdin (read from stdin, so it stays out of your shell history).`);
        const secret = (await (io.readStdin ?? readStdin)()).trim();
        return op(
          core,
          'live.settings.set',
          key === 'janus-secret' ? { janusApiSecret: secret || null } : key === 'turn-secret' ? { turnSecret: secret || null } : { janusAdminKey: secret || null },
        );
      }
      if (!key || value === undefined || extra.length) throw new UsageError('Use: guestlist config set KEY VALUE (guestlist config set --help lists the keys).');
      const none = (v: string) => (v.trim().toLowerCase() === 'none' || v.trim().toLowerCase() === 'default' ? null : v);
      if (key === 'base-url') return op(core, 'settings.set', { baseUrl: value });
      if (key === 'invite-skip-lobby') return op(core, 'settings.set', { inviteSkipLobbyDefault: yesNo(value, 'invite-skip-lobby') });
      if (key === 'live-engine') {
        if (value !== 'built-in' && value !== 'external' && value !== 'off') throw new UsageError('live-engine is built-in, external or off.');
        return op(core, 'live.settings.set', { engine: value });
      }
      if (key === 'janus-path') return op(core, 'live.settings.set', { janusPath: none(value) });
      if (key === 'janus-url') return op(core, 'live.settings.set', { janusUrl: none(value) });
      if (key === 'stun-server') return op(core, 'live.settings.set', { stunServer: none(value) });
      if (key === 'turn-server') return op(core, 'live.settings.set', { turnServer: none(value) });
      throw new UsageError(`Unknown setting “${key}”. Settings: base-url, invite-skip-lobby, live-engine, janus-path, janus-url, janus-secret, janus-admin-key, stun-server, turn-server, turn-secret, smtp-url, smtp-password, mail-from, mail-language.`);
    },
    // A sentence for people (--json prints the settings).
    human: (s: CoreSettings & LiveSettings & MailSettings, _f, p) =>
      escapeTerminal(['smtp-url', 'smtp-password', 'mail-from', 'mail-language'].includes(p[0] ?? '') ? mailSentence(p[0]!, s) : configSentence(p[0] ?? '', s)) + '\n',
  },
  'live let-speak': {
    usage: 'live let-speak --participant ID [--stop]     let a person send audio and video in this session (or stop them)',
    flags: { participant: 'string', stop: 'boolean' },
    run: (f, _p, core) => op(core, 'live.letSpeak', { participantId: idOf(f, 'participant'), allowed: !f.stop }),
  },
  'live mute': { usage: 'live mute --participant ID     mute their microphone and camera for everyone', flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'live.mute', { participantId: idOf(f, 'participant') }) },
  'live mute-all': { usage: 'live mute-all --media ID     mute everyone but the moderators', flags: { media: 'string' }, run: (f, _p, core) => op(core, 'live.muteAll', { mediaId: idOf(f, 'media') }) },
  'live end': {
    usage: 'live end --media ID     end the live session for everyone (links and invites stay as they are)',
    flags: { media: 'string' },
    run: (f, _p, core) => op(core, 'live.end', { mediaId: idOf(f, 'media') }),
    human: (v: { mediaId: number }) => `The live session of media ${v.mediaId} was ended; the next person admitted starts a new one.\n`,
  },
  'live status': {
    usage: 'live status [--media ID]     the live engine and, per room, people in the live session and sending',
    flags: { media: 'string' },
    run: (f, _p, core) => op(core, 'live.status', { mediaId: str(f.media) === undefined ? undefined : idOf(f, 'media') }),
    human: (v: LiveStatus) => liveStatusText(v),
  },
  serve: {
    usage: `serve [--host H] [--port P] [--public-url URL] [--trust-proxy LIST] [--log-level L] [--log-format pretty|json]
          --host 0.0.0.0: guests on your network (links use a LAN address);
          --public-url: the https URL of your reverse proxy or tunnel;
          --trust-proxy: addresses whose X-Forwarded-For/-Proto are believed
          (default: none; loopback with an https public URL whose
          host is not this computer; "none" for none);
          --log-level: fatal, error, warn, info (default), debug, trace or silent
          (or GUESTLIST_LOG_LEVEL); logs go to the data folder's logs/ and here:
          one short line per request, or JSON with --log-format json`,
    flags: { host: 'string', port: 'string', 'public-url': 'string', 'base-url': 'string', 'trust-proxy': 'string', 'log-level': 'string', 'log-format': 'string' },
    run: async (f, _p, core, io, json) => {
      // Loaded on demand: the HTTP stack is only needed here, and the other commands start faster without it.
      // (require, not import(): bin/guestlist.cjs registers tsx for CommonJS.)
      const { serve } = require('./serve') as typeof import('./serve');
      if (f['public-url'] !== undefined && f['base-url'] !== undefined) throw new UsageError('Give --public-url or --base-url (the same thing), not both.');
      return serve(core, io, json, { host: str(f.host) ?? '127.0.0.1', port: numberish(f.port) ?? DEFAULT_PORT, baseUrl: str(f['public-url']) ?? str(f['base-url']), trustProxy: str(f['trust-proxy']), logLevel: str(f['log-level']), logFormat: str(f['log-format']) });
    },
  },
  logs: {
    usage: 'logs [--lines N]     where the logs are (the data folder\'s logs/), and their last N lines (default 20)',
    flags: { lines: 'string' },
    run: (f, _p, core) => {
      const n = str(f.lines) === undefined ? 20 : wholeNumber(str(f.lines)!, 'lines');
      const { tailLogs } = require('./logs') as typeof import('./logs');
      return { ok: true, value: tailLogs(core.dataDir, Math.min(n, 100_000)) };
    },
    human: (v: import('./logs').LogTail) => (require('./logs') as typeof import('./logs')).logsText(v, escapeTerminal),
  },
  reach: {
    usage: 'reach [--timeout MS]     does the link address reach this listener? exit 0 yes, 1 no',
    flags: { timeout: 'string' },
    run: async (f, _p, core) => {
      const timeout = numberish(f.timeout);
      if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 100 || timeout > 120_000)) throw new UsageError('--timeout is in milliseconds, from 100 to 120000.');
      const { checkReach } = require('../listener/reach') as typeof import('../listener/reach');
      const result = await checkReach(core, { timeoutMs: timeout });
      // V6: where the built-in live engine offers guests media (on "my network", the LAN address links use).
      const served = readListenerAddress(core.dataDir);
      const lanHost = served && isAnyAddress(served.host) ? new URL(served.linkBaseUrl).hostname : null;
      const liveAddresses = mediaAddresses(lanHost && net.isIP(lanHost) ? [lanHost] : []);
      return { ok: true, value: { ...result, liveAddresses } };
    },
    // L4: the result is printed whether or not links reach; the exit code says which.
    exitCode: (r: ReachResult) => (r.ok ? 0 : 1),
  },
};

const PREFIX = 'Usage: guestlist [--data DIR] [--json]';

/** Every command, as typed (`links create`). */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/** Every command's usage, as the HELP lists it. */
export const HELP = `${HELP_HEAD}${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}\n${HELP_FOOT}`;

/** One command's help: its usage and notes (`guestlist links create --help`). */
export function helpOf(name: string): string {
  const [first, ...more] = COMMANDS[name]!.usage.split('\n');
  return `${PREFIX} ${first}\n${more.length ? `${more.join('\n')}\n` : ''}\nRun guestlist --help for every command.\n`;
}

/** The usage line of one command, for a usage error. */
function usageLine(name: string): string {
  return `${PREFIX} ${COMMANDS[name]!.usage.split('\n')[0]}`;
}

/** The lines of HELP for one command group, or null if `word` isn't a group. */
export function subcommandsOf(word: string | undefined): string | null {
  if (!word || word.startsWith('-')) return null;
  const subs = Object.keys(COMMANDS).filter((c) => c.startsWith(`${word} `));
  if (subs.length === 0) return null;
  const lines = subs.map((c) => `  ${COMMANDS[c]!.usage}`);
  return `${PREFIX} ${word} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun guestlist ${word} <command> --help for one command, guestlist --help for every command.\n`;
}

function reportError(io: Io, json: boolean, error: ErrorInfo, usage?: string): void {
  if (json) io.err(`${jsonForTerminal({ code: error.code, message: error.message, ...(usage ? { usage } : {}) })}\n`);
  else io.err(`error [${error.code}]: ${escapeTerminal(error.message)}\n${usage ? `${usage}\n` : ''}`);
}

/** Times about a media entry are printed in its schedule's time zone; UTC when it has none. */
function zoneOfMedia(core: Core): ZoneOf {
  return (mediaId) => {
    if (mediaId === null) return 'UTC';
    try {
      return core.media.get(mediaId).schedule?.timeZone ?? 'UTC';
    } catch {
      return 'UTC';
    }
  };
}

/**
 * A reader who stops reading (`guestlist participants list … | head -1`)
 * closes the pipe: the rest of the output has nowhere to go, and that is not
 * an error. Without a handler, Node reports EPIPE as an uncaught exception
 * with a stack trace.
 */
let pipeWatched = false;
function quietOnClosedPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') return;
      throw e;
    });
  }
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  if (io === defaultIo) quietOnClosedPipe();
  let words;
  try {
    words = commandWords(argv, (phrase) => phrase in COMMANDS);
  } catch (e) {
    reportError(io, argv.includes('--json'), { code: 'INVALID_INPUT', message: (e as Error).message });
    return 2;
  }
  const { name, json } = words;
  if (!name) {
    // A command group without its subcommand (`guestlist links`, `guestlist links --help`) lists the group's commands.
    const group = subcommandsOf(words.words[0]);
    if (group && words.words[1] !== undefined) {
      reportError(io, json, { code: 'INVALID_INPUT', message: `Unknown command “${words.words.slice(0, 2).join(' ')}”.` }, group.trimEnd());
      return 2;
    }
    if (group) {
      io.out(group);
      return 0;
    }
    if (words.help || words.words.length === 0) {
      const unknownFlag = argv.find((a) => a.startsWith('-') && !/^(--json|--help|-h|--data(=.*)?)$/.test(a));
      if (!words.help && unknownFlag) {
        reportError(io, json, { code: 'INVALID_INPUT', message: `Unknown option ${unknownFlag.split('=')[0]} before the command. Run guestlist --help for the list.` });
        return 2;
      }
      io.out(HELP);
      return 0;
    }
    reportError(io, json, { code: 'INVALID_INPUT', message: `Unknown command “${words.words.slice(0, 2).join(' ')}”. Run guestlist --help for the list.` });
    return 2;
  }
  const cmd = COMMANDS[name]!;
  const args = argv.filter((_, i) => !words.indexes.includes(i));
  let parsed;
  try {
    parsed = parseFlags(args, cmd.flags, cmd.positionals === true);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    reportError(io, json, { code: 'INVALID_INPUT', message: e.message }, usageLine(name));
    return 2;
  }
  if (parsed.global.help) {
    io.out(helpOf(name));
    return 0;
  }
  let core: Core | undefined;
  try {
    core = openCore({ dataDir: resolveDataDir(parsed.global.data, io.env) });
    const result = await cmd.run(parsed.flags, parsed.positionals, core, io, json);
    if (!result.ok) {
      reportError(io, json, result.error);
      return 1;
    }
    if (result.value !== undefined) {
      const zoneOf = zoneOfMedia(core);
      io.out(json ? `${jsonForTerminal(result.value, 2)}\n` : cmd.human ? cmd.human(result.value as never, parsed.flags, parsed.positionals, zoneOf) : formatHuman(name, result.value, zoneOf));
    }
    return cmd.exitCode ? cmd.exitCode(result.value as never) : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      reportError(io, json, { code: 'INVALID_INPUT', message: e.message }, usageLine(name));
      return 2;
    }
    if (!(e instanceof AppError)) io.err(`${String((e as Error)?.stack ?? e)}\n`);
    reportError(io, json, toErrorInfo(e));
    return 1;
  } finally {
    core?.close();
  }
}
