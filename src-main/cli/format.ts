// Human-readable output for the CLI. --json skips all of this.
import type { AuditEntry, BlockedEmail, GuestLink, Invite, Media, Participant } from '../core/types';
import type { InviteResult } from '../core/invites';

/**
 * S6: what the CLI prints can't drive the terminal. Control characters
 * (ESC, BEL, C1…) and bidirectional controls in stored text are shown as
 * visible escapes (\x1b, \u202e) instead of being written raw.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** JSON output: JSON.stringify escapes C0 controls; this escapes DEL, C1 and bidi controls too (still valid JSON). */
export function jsonForTerminal(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same, keeping line breaks: for whole blocks of output whose values were escaped already. */
export function escapeOutput(s: string): string {
  return s.split('\n').map(escapeTerminal).join('\n');
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => escapeTerminal(String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return `${cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`;
}

/** A time as the media's audience reads it: in the media's own time zone, with the zone named. */
export function inZone(iso: string, timeZone: string, withSeconds = false): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}${withSeconds ? `:${get('second')}` : ''}`;
}

/**
 * The time zone a media entry's times are printed in: its schedule's, or UTC
 * when it has none (or for entries of no media entry). Tables name it in the
 * column header; `--json` keeps ISO times in UTC.
 */
export type ZoneOf = (mediaId: number | null) => string;
const utc: ZoneOf = () => 'UTC';
const when = (iso: string | null, zone: string, none = '—') => (iso ? inZone(iso, zone) : none);

function mediaLine(m: Media): string {
  const sched = m.schedule ? `${inZone(m.schedule.startsAt, m.schedule.timeZone)} – ${inZone(m.schedule.endsAt, m.schedule.timeZone)} (${m.schedule.timeZone})` : 'no schedule';
  return [
    `#${m.id} ${escapeTerminal(m.title)} [${m.kind}]`,
    `  ${m.available ? 'available' : 'unavailable'}, guest access ${m.guestAccess ? 'on' : 'off'}, ${m.requireAdmission ? 'requires admission' : 'no lobby'}`,
    `  ${escapeTerminal(sched)}${m.schedule ? `, doors open ${m.doorsOpenMinutes} min before the start` : ''}${m.contact ? `\n  contact: ${escapeTerminal(m.contact)}` : ''}${m.filePath ? `\n  file: ${escapeTerminal(m.filePath)}` : ''}`,
  ].join('\n');
}

function links(ls: GuestLink[], zoneOf: ZoneOf): string {
  if (ls.length === 0) return 'No guest links.\n';
  const zone = zoneOf(ls[0]!.mediaId);
  return table(
    ['ID', 'NAME', 'CLICKS', `EXPIRES (${zone})`, 'STATE', 'URL'],
    ls.map((l) => [l.id, l.name, `${l.uses}/${l.maxUses ?? 'unlimited'}`, when(l.expiresAt, zone, 'never'), l.state, l.url]),
  );
}

function invites(is: Invite[], zoneOf: ZoneOf): string {
  if (is.length === 0) return 'No invites.\n';
  const zone = zoneOf(is[0]!.mediaId);
  return table(
    ['ID', 'EMAIL', 'ROLE', 'STATUS', `EXPIRES (${zone})`, `LAST JOINED (${zone})`, `EMAIL SENT (${zone})`, 'URL'],
    is.map((i) => [i.id, i.email, i.role, i.status, when(i.expiresAt, zone, 'never'), when(i.lastJoinedAt, zone), mailCell(i, zone), i.url]),
  );
}

/** Where an invite's email is: "not emailed", "queued", "sending", "sent <time>" or "failed: <the server's reason>". */
function mailCell(i: Invite, zone: string): string {
  const m = i.mail;
  if (!m) return 'not emailed';
  if (m.state === 'sent') return `sent ${when(m.sentAt, zone)}`;
  if (m.state === 'failed') return `failed: ${m.error ?? 'unknown reason'}`;
  return m.state;
}

/** When someone stopped being there: the time of their last change, for those who left or were removed. */
const leftAt = (p: Participant) => (p.state === 'left' || p.state === 'removed' ? p.updatedAt : null);

function participants(ps: Participant[], zoneOf: ZoneOf): string {
  if (ps.length === 0) return 'Nobody is waiting or in the room.\n';
  const zone = zoneOf(ps[0]!.mediaId);
  return table(
    ['ID', 'STATE', 'NAME', 'EMAIL', 'ROLE', 'VIA', `KNOCKED (${zone})`, `JOINED (${zone})`, `LEFT (${zone})`],
    ps.map((p) => [
      p.id,
      p.state === 'left' && p.leftReason ? `left (${p.leftReason})` : p.state,
      p.name,
      p.email,
      p.role,
      p.source.kind === 'guest-link' ? `link “${p.source.linkName}”` : 'invite',
      when(p.knockedAt, zone),
      when(p.joinedAt, zone),
      when(leftAt(p), zone),
    ]),
  );
}

export function formatHuman(command: string, value: unknown, zoneOf: ZoneOf = utc): string {
  return escapeOutput(formatHumanRaw(command, value, zoneOf));
}

function formatHumanRaw(command: string, value: unknown, zoneOf: ZoneOf): string {
  switch (command) {
    case 'media add':
    case 'media show':
    case 'media set':
      return `${mediaLine(value as Media)}\n`;
    case 'media list': {
      const ms = value as Media[];
      return ms.length ? table(['ID', 'KIND', 'TITLE', 'AVAILABLE', 'GUEST ACCESS'], ms.map((m) => [m.id, m.kind, m.title, m.available ? 'yes' : 'no', m.guestAccess ? 'on' : 'off'])) : 'No media entries.\n';
    }
    case 'links create':
    case 'links edit':
    case 'links delete':
    case 'links rotate':
      return links([value as GuestLink], zoneOf);
    case 'links list':
      return links(value as GuestLink[], zoneOf);
    case 'invites create':
      return `${(value as InviteResult[]).map((r) => (r.ok ? `ok     ${escapeTerminal(r.invite.email)} (${r.invite.role}) ${r.invite.url}${r.invite.mail ? ` email ${r.invite.mail.state}${r.invite.mail.error ? `: ${escapeTerminal(r.invite.mail.error)}` : ''}` : ''}` : `error  ${escapeTerminal(r.input)}: [${r.error.code}] ${escapeTerminal(r.error.message)}`)).join('\n')}\n`;
    case 'invites list':
      return invites(value as Invite[], zoneOf);
    case 'invites revoke':
    case 'invites role':
      return invites([value as Invite], zoneOf);
    case 'participants list':
      return participants(value as Participant[], zoneOf);
    case 'participants blocked':
    case 'participants unblock': {
      const bs = value as BlockedEmail[];
      if (bs.length === 0) return 'No email is blocked for this media entry.\n';
      const zone = zoneOf(bs[0]!.mediaId);
      return table(['EMAIL', `BLOCKED (${zone})`, 'ON'], bs.map((b) => [b.email, inZone(b.blockedAt, zone), b.scope === 'guest-links' ? 'guest links only' : 'guest links and invites']));
    }
    case 'participants admit':
    case 'participants block':
    case 'participants deny':
    case 'participants remove':
      return participants([value as Participant], zoneOf);
    case 'participants admit-all': {
      const v = value as { admitted: number; refused?: number };
      return `Admitted ${v.admitted}.${v.refused ? ` ${v.refused} could not be: their way in had closed (see participants list).` : ''}\n`;
    }
    case 'audit': {
      const es = value as AuditEntry[];
      const zone = zoneOf(es[0]?.mediaId ?? null);
      return es.length ? table([`AT (${zone})`, 'ACTOR', 'ACTION', 'SUBJECT', 'DETAILS'], es.map((e) => [inZone(e.at, zone, true), e.actor, e.action, `${e.subjectType} ${e.subjectId ?? ''}`.trim(), JSON.stringify(e.details)])) : 'The audit log is empty.\n';
    }
    case 'reach': {
      const r = value as { ok: boolean; code: string; message: string; scope: string; liveAddresses?: string[] };
      const live = r.liveAddresses
        ? r.liveAddresses.length
          ? `Live audio and video (built-in engine): offered to guests at ${r.liveAddresses.join(', ')}.\n`
          : 'Live audio and video: this computer has no network address other than loopback, so the live engine can carry no media.\n'
        : '';
      return `${r.ok ? 'ok' : 'NOT OK'} [${r.code}] (${r.scope}): ${r.message}\n${live}`;
    }
    case 'export':
      return `Wrote ${(value as { file: string }).file}\n`;
    default:
      return `${JSON.stringify(value, null, 2)}\n`;
  }
}
