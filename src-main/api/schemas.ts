// Input schemas of the moderator operations. Pure zod: the renderer imports
// these too (through src-renderer/validation.ts, in the lazily loaded form
// dialogs), so inline validation and the core say the same thing.
import { z } from 'zod';
import { OPERATION_NAMES as NAMES, type OperationName as Name } from './operationNames';
import type { ErrorCode } from '../core/errors';
import { INVITE_ROLES, MEDIA_KINDS, PARTICIPANT_SECTIONS } from '../core/types';
import { isTimeZone } from '../core/zonedTime';
import { MAX_CLICKS, MAX_DAYS, MAX_PAGE, MAX_PARTICIPANT_PAGE } from './limits';
import { MAIL_LANGS } from '../core/mailSettings';

// The limits live in limits.ts (no zod, so the renderer's first window can have them).
export { MAX_CLICKS, MAX_DAYS, MAX_PAGE, MAX_PARTICIPANT_PAGE } from './limits';

const id = z.number().int().positive();

/** What narrows the Participants lists: text in the name or email, a raised hand, an open or closed page. */
const participantFilter = {
  search: z.string().max(200).optional(),
  handRaised: z.boolean().optional(),
  pageOpen: z.boolean().optional(),
};

/** Empty means "none"; a string of digits (from a form or the CLI) becomes a number. */
const optionalWhole = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number().int().min(1).max(max).nullable(),
  );

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

export const scheduleSchema = z
  .object({ startsAt: isoDate, endsAt: isoDate, timeZone: z.string().refine(isTimeZone, 'unknown time zone') })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), 'the end must be after the start')
  .transform((s) => ({ startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString(), timeZone: s.timeZone }));

export const mediaTitle = z.string().trim().min(1).max(200);
export const linkName = z.string().trim().min(1).max(100);
export const clicks = optionalWhole(MAX_CLICKS);
export const days = optionalWhole(MAX_DAYS);
export const role = z.enum(INVITE_ROLES);
export const kind = z.enum(MEDIA_KINDS);

export const mediaFields = {
  title: mediaTitle,
  description: z.string().max(5000).optional(),
  schedule: scheduleSchema.nullable().optional(),
  /** With a schedule: guests are let in from this many minutes before the start (0 to 24 hours). */
  doorsOpenMinutes: z.number().int().min(0).max(1440).optional(),
  /** D1: a contact line for the denied page (an email or a sentence), shown as text. */
  contact: z.string().trim().max(300).refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'no control characters').optional(),
  filePath: z.string().min(1).max(4096).nullable().optional(),
  requireAdmission: z.boolean().optional(),
  available: z.boolean().optional(),
};

export const schemas = {
  'media.create': z.object({ kind, ...mediaFields, guestAccess: z.boolean().optional() }).strict(),
  'media.update': z.object({ mediaId: id, ...mediaFields, title: mediaTitle.optional(), guestAccess: z.boolean().optional() }).strict(),
  'media.list': z
    .object({ kind: kind.optional(), search: z.string().max(200).optional(), limit: z.number().int().min(1).max(MAX_PAGE).optional(), offset: z.number().int().min(0).optional() })
    .strict(),
  'media.count': z.object({ kind: kind.optional(), search: z.string().max(200).optional() }).strict(),
  'media.get': z.object({ mediaId: id }).strict(),
  'media.setAvailability': z.object({ mediaId: id, available: z.boolean() }).strict(),
  'media.setGuestAccess': z.object({ mediaId: id, enabled: z.boolean() }).strict(),
  'media.setRequireAdmission': z.object({ mediaId: id, required: z.boolean() }).strict(),
  'links.create': z.object({ mediaId: id, name: linkName, clicks: clicks.optional(), days: days.optional() }).strict(),
  'links.list': z.object({ mediaId: id }).strict(),
  'links.edit': z.object({ linkId: id, name: linkName.optional(), clicks: clicks.optional(), days: days.optional() }).strict(),
  'links.delete': z.object({ linkId: id }).strict(),
  'links.rotate': z.object({ linkId: id }).strict(),
  'links.qrCode': z.object({ url: z.string().url().max(2048) }).strict(),
  'invites.create': z
    .object({
      mediaId: id,
      emails: z.array(z.string().max(10_000)).min(1).max(1000),
      role,
      lockName: z.boolean().optional(),
      skipLobby: z.boolean().optional(),
      days: days.optional(),
      /** The language of the invitees' email (default: the mail settings'). */
      lang: z.enum(MAIL_LANGS).optional(),
      /** Email each new invite (needs a mail server: MAIL_NOT_CONFIGURED otherwise). */
      send: z.boolean().optional(),
    })
    .strict(),
  'invites.list': z.object({ mediaId: id }).strict(),
  'invites.revoke': z.object({ inviteId: id }).strict(),
  'invites.setRole': z.object({ inviteId: id, role }).strict(),
  'invites.setSkipLobby': z.object({ inviteId: id, skipLobby: z.boolean() }).strict(),
  /** Email one invite (again), or every invite of a media entry not sent yet. */
  'invites.email': z
    .object({ mediaId: id.optional(), inviteId: id.optional() })
    .strict()
    .refine((v) => (v.mediaId === undefined) !== (v.inviteId === undefined), 'give either mediaId or inviteId'),
  /** Waiting and in the room; with `all`, also those who were denied, removed or left (the CLI's `participants list --all`). */
  'participants.list': z.object({ mediaId: id, all: z.boolean().optional() }).strict(),
  'participants.page': z
    .object({
      mediaId: id,
      section: z.enum(PARTICIPANT_SECTIONS),
      ...participantFilter,
      after: z.object({ rank: z.number().int().min(0).max(3), id }).strict().optional(),
      limit: z.number().int().min(1).max(MAX_PARTICIPANT_PAGE).optional(),
    })
    .strict(),
  'participants.counts': z.object({ mediaId: id, ...participantFilter }).strict(),
  'participants.get': z.object({ mediaId: id, participantIds: z.array(id).min(1).max(1000) }).strict(),
  'participants.admit': z.object({ participantId: id }).strict(),
  'participants.deny': z.object({ participantId: id }).strict(),
  'participants.denyAndBlock': z.object({ participantId: id }).strict(),
  'participants.blocked': z.object({ mediaId: id }).strict(),
  'participants.unblock': z.object({ mediaId: id, email: z.string().max(320) }).strict(),
  'participants.remove': z.object({ participantId: id }).strict(),
  'participants.lowerHand': z.object({ participantId: id }).strict(),
  'participants.admitAll': z.object({ mediaId: id }).strict(),
  'activity.funnel': z.object({ mediaId: id }).strict(),
  'audit.list': z.object({ mediaId: id }).strict(),
  'export.csv': z.object({ mediaId: id, format: z.literal('csv').optional() }).strict(),
  'settings.get': z.object({}).strict(),
  'settings.set': z.object({ baseUrl: z.string().max(2048).optional(), inviteSkipLobbyDefault: z.boolean().optional() }).strict(),
  'mail.settings.get': z.object({}).strict(),
  'mail.settings.set': z
    .object({
      smtpUrl: z.string().max(2048).nullable().optional(),
      password: z.string().max(1024).nullable().optional(),
      from: z.string().max(320).nullable().optional(),
      lang: z.enum(MAIL_LANGS).optional(),
    })
    .strict(),
  'live.settings.get': z.object({}).strict(),
  'live.settings.set': z
    .object({
      engine: z.enum(['built-in', 'external', 'off']).optional(),
      janusPath: z.string().max(4096).nullable().optional(),
      janusUrl: z.string().max(2048).nullable().optional(),
      janusApiSecret: z.string().max(512).nullable().optional(),
      janusAdminKey: z.string().max(512).nullable().optional(),
      stunServer: z.string().max(300).nullable().optional(),
      turnServer: z.string().max(300).nullable().optional(),
      turnSecret: z.string().max(512).nullable().optional(),
    })
    .strict(),
  'live.status': z.object({ mediaId: id.optional() }).strict(),
  'live.letSpeak': z.object({ participantId: id, allowed: z.boolean() }).strict(),
  'live.mute': z.object({ participantId: id }).strict(),
  'live.muteAll': z.object({ mediaId: id }).strict(),
  'live.end': z.object({ mediaId: id }).strict(),
  'live.join': z.object({ mediaId: id }).strict(),
} as const satisfies Record<Name, z.ZodType>;

export type OperationName = Name;
export const OPERATION_NAMES: OperationName[] = [...NAMES];

/** Which error code a bad value in a field gets. Anything else is INVALID_INPUT. */
export const FIELD_CODES: Record<string, ErrorCode> = {
  title: 'MEDIA_TITLE_INVALID',
  kind: 'MEDIA_KIND_INVALID',
  schedule: 'SCHEDULE_INVALID',
  name: 'LINK_NAME_INVALID',
  clicks: 'CLICKS_INVALID',
  days: 'DAYS_INVALID',
  role: 'ROLE_INVALID',
  emails: 'EMAILS_REQUIRED',
  email: 'EMAIL_INVALID',
  baseUrl: 'BASE_URL_INVALID',
  smtpUrl: 'SMTP_URL_INVALID',
  from: 'MAIL_FROM_INVALID',
  lang: 'MAIL_LANGUAGE_INVALID',
  format: 'EXPORT_FORMAT_INVALID',
  section: 'PAGE_INVALID',
  after: 'PAGE_INVALID',
  mediaId: 'MEDIA_NOT_FOUND',
  linkId: 'LINK_NOT_FOUND',
  inviteId: 'INVITE_NOT_FOUND',
  participantId: 'PARTICIPANT_NOT_FOUND',
};
