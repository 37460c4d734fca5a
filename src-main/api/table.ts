// The moderator operations, written once. IPC, the CLI and the test bridge
// all reach the core through `callOperation`, so no rule is written twice.
import { readListenerAddress } from '../core/servedAddress';
import { httpUrl, isAnyAddress } from '../core/network';
import { readLiveStatus } from '../live/status';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type { Core } from '../core';
import { retryWhileBusy } from '../core/busy';
import { csvFileName, linksAndInvitesCsv } from '../core/csv';
import { AppError, ERROR_MESSAGES, type ErrorInfo, toErrorInfo } from '../core/errors';
import { FIELD_CODES, OPERATION_NAMES, type OperationName, schemas } from './schemas';
import { PARTICIPANT_STATES } from '../core/types';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

type Input<K extends OperationName> = z.output<(typeof schemas)[K]>;
type Handler<K extends OperationName> = (core: Core, input: Input<K>, actor: string) => unknown;

function def<T extends { [K in OperationName]: Handler<K> }>(t: T): T {
  return t;
}

const handlers = def({
  'media.create': (core, i, actor) => core.media.create(i, actor),
  'media.update': (core, { mediaId, ...patch }, actor) => core.media.update(mediaId, patch, actor),
  'media.list': (core, i) => core.media.list(i),
  'media.count': (core, i) => core.media.count(i),
  'media.get': (core, i) => core.media.get(i.mediaId),
  'media.setAvailability': (core, i, actor) => core.media.update(i.mediaId, { available: i.available }, actor),
  'media.setGuestAccess': (core, i, actor) => core.media.update(i.mediaId, { guestAccess: i.enabled }, actor),
  'media.setRequireAdmission': (core, i, actor) => core.media.update(i.mediaId, { requireAdmission: i.required }, actor),
  'links.create': (core, i, actor) => core.links.create(i, actor),
  'links.list': (core, i) => core.links.list(i.mediaId),
  'links.edit': (core, { linkId, ...change }, actor) => core.links.edit(linkId, change, actor),
  'links.delete': (core, i, actor) => core.links.delete(i.linkId, actor),
  'links.rotate': (core, i, actor) => core.links.rotate(i.linkId, actor),
  'links.qrCode': async (_core, i) => ({
    url: i.url,
    svg: await QRCode.toString(i.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    pngDataUrl: await QRCode.toDataURL(i.url, { errorCorrectionLevel: 'M', margin: 2, width: 512 }),
  }),
  'invites.create': (core, { send, ...i }, actor) => {
    if (send && !core.mailSettings.get().configured) throw new AppError('MAIL_NOT_CONFIGURED');
    const results = core.invites.createMany(i, actor);
    if (!send) return results;
    // Queued here; the host sends in the background, the CLI in its own process (invites create --send).
    return results.map((r) => (r.ok ? { ...r, invite: core.inviteSends.queue({ inviteId: r.invite.id }, actor)[0]! } : r));
  },
  'invites.email': (core, i, actor) => core.inviteSends.queue(i.inviteId !== undefined ? { inviteId: i.inviteId } : { mediaId: i.mediaId! }, actor),
  'invites.list': (core, i) => core.invites.list(i.mediaId),
  'invites.revoke': (core, i, actor) => core.invites.revoke(i.inviteId, actor),
  'invites.setRole': (core, i, actor) => core.invites.setRole(i.inviteId, i.role, actor),
  'invites.setSkipLobby': (core, i, actor) => core.invites.setSkipLobby(i.inviteId, i.skipLobby, actor),
  'participants.list': (core, i) => core.participants.list(i.mediaId, i.all ? PARTICIPANT_STATES : undefined),
  'participants.page': (core, { mediaId, section, after, limit, ...filter }) => core.participants.page(mediaId, section, filter, after ?? null, limit ?? 50),
  'participants.counts': (core, { mediaId, ...filter }) => core.participants.counts(mediaId, filter),
  'participants.get': (core, i) => core.participants.byIds(i.mediaId, i.participantIds),
  'participants.admit': (core, i, actor) => core.participants.admit(i.participantId, actor),
  'participants.deny': (core, i, actor) => core.participants.deny(i.participantId, actor),
  'participants.denyAndBlock': (core, i, actor) => core.participants.denyAndBlock(i.participantId, actor),
  'participants.blocked': (core, i) => core.participants.blockedEmails(i.mediaId),
  'participants.unblock': (core, i, actor) => core.participants.unblock(i.mediaId, i.email, actor),
  'participants.remove': (core, i, actor) => core.participants.remove(i.participantId, actor),
  'participants.lowerHand': (core, i) => core.participants.setHand(i.participantId, false),
  'participants.admitAll': (core, i, actor) => core.participants.admitAllReport(i.mediaId, actor),
  'activity.funnel': (core, i) => core.participants.funnel(i.mediaId),
  'audit.list': (core, i) => core.audit.list(i.mediaId),
  'export.csv': (core, i) => {
    const media = core.media.get(i.mediaId);
    return { fileName: csvFileName(media.title, media.id), csv: linksAndInvitesCsv(core.links.list(i.mediaId, { includeDeleted: true }), core.invites.list(i.mediaId)) };
  },
  'settings.get': (core) => core.settings.get(),
  'settings.set': (core, i, actor) => core.settings.set(i, actor),
  'mail.settings.get': (core) => core.mailSettings.get(),
  'mail.settings.set': (core, i, actor) => core.mailSettings.set(i, actor),
  'live.settings.get': (core) => core.liveSettings.get(),
  'live.settings.set': (core, i, actor) => core.liveSettings.set(i, actor),
  // V5, V7: what the process serving guests last recorded (live.json); nothing without one.
  'live.status': (core, i) => readLiveStatus(core.dataDir, i.mediaId),
  // V2, V7: recorded in the database and the audit log; the process serving guests acts on the event.
  'live.letSpeak': (core, i, actor) => core.live.setSpeak(i.participantId, i.allowed, actor),
  'live.mute': (core, i, actor) => core.live.mute(i.participantId, actor),
  'live.muteAll': (core, i, actor) => {
    core.media.get(i.mediaId);
    return core.live.muteAll(i.mediaId, actor);
  },
  // V7: the address the app opens for its own moderator (loopback: a secure origin, so the camera may be used).
  'live.join': (core, i, actor) => {
    core.media.get(i.mediaId);
    const served = readListenerAddress(core.dataDir);
    if (!served) throw new AppError('LISTENER_FAILED', 'The guest listener is not running, so the live session can\'t open. Start it from the status bar.');
    const { code } = core.live.appJoinCode(i.mediaId, actor);
    const host = isAnyAddress(served.host) || served.host === 'localhost' ? '127.0.0.1' : served.host;
    return { url: `${httpUrl(host, served.port)}/a/${code}`, origin: httpUrl(host, served.port) };
  },
  'live.end': (core, i, actor) => {
    core.media.get(i.mediaId);
    return core.live.end(i.mediaId, actor);
  },
});

/** What each operation returns, by name: the single type map the preload and renderer use. */
export type Api = { [K in OperationName]: { input: z.input<(typeof schemas)[K]>; output: Awaited<ReturnType<(typeof handlers)[K]>> } };

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && (OPERATION_NAMES as readonly string[]).includes(name);
}

function validationError(error: z.ZodError): ErrorInfo {
  const issue = error.issues[0];
  const field = issue ? String(issue.path[0] ?? '') : '';
  const code = FIELD_CODES[field];
  if (code) return { code, message: ERROR_MESSAGES[code] };
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { code: 'INVALID_INPUT', message: `The input is not valid. ${where}${issue?.message ?? ''}`.trim() };
}

/**
 * Validates and runs one operation. Never throws: every failure comes back
 * as a code and a sentence, and a failed write leaves nothing behind (each
 * core write is one transaction).
 */
/** How long a moderator operation keeps trying while another process holds the write lock. */
const OPERATION_DEADLINE_MS = 5000;

/**
 * The boundary check alone: main runs it before relaying an operation to the host (which checks again), so
 * bad input from the renderer never crosses into the process that holds the data.
 */
export function validateOperation<K extends OperationName>(name: K, input: unknown): { ok: true; input: Input<K> } | { ok: false; error: ErrorInfo } {
  if (!isOperationName(name)) return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `There is no operation called “${String(name)}”.` } };
  const parsed = schemas[name].safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  return { ok: true, input: parsed.data as Input<K> };
}

export async function callOperation<K extends OperationName>(core: Core, name: K, input: unknown, actor: string): Promise<Result<Api[K]['output']>> {
  const parsed = validateOperation(name, input);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[name] as Handler<K>;
    // O4: in a serving process SQLite doesn't wait for another process's lock; the operation is tried again, without blocking, for up to 5 s.
    return { ok: true, value: (await retryWhileBusy(() => handler(core, parsed.input, actor), OPERATION_DEADLINE_MS, core.db)) as Api[K]['output'] };
  } catch (e) {
    if (!(e instanceof AppError)) console.error(`[api] ${name} failed:`, e);
    return { ok: false, error: toErrorInfo(e) };
  }
}
