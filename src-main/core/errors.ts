// Every error a user can cause has a code, and this file is the one place
// that turns a code into a sentence. Interfaces (IPC, CLI, HTTP) pass the
// code and message through unchanged.

export const ERROR_MESSAGES = {
  INVALID_INPUT: 'The input is not valid.',
  UNKNOWN_OPERATION: 'There is no such operation.',
  MEDIA_NOT_FOUND: 'There is no media entry with that ID.',
  MEDIA_TITLE_INVALID: 'A title is required (1–200 characters).',
  MEDIA_KIND_INVALID: 'The kind must be one of: media, room, channel-room, gallery-room.',
  SCHEDULE_INVALID: 'The schedule needs a start and an end date and time, the end after the start, and a known time zone.',
  MEDIA_FILE_NOT_FOUND: 'The media file does not exist or cannot be read.',
  LINK_NOT_FOUND: 'There is no guest link with that ID.',
  LINK_DELETED: 'That guest link was deleted and cannot be changed.',
  LINK_NAME_INVALID: 'A link name is required (1–100 characters).',
  CLICKS_INVALID: 'The number of clicks must be a whole number of 1 or more, or empty for unlimited.',
  DAYS_INVALID: 'The duration must be a whole number of days, 1 or more, or empty for no expiry.',
  GUEST_LINK_LIMIT: 'This media entry already has 3 guest links. Delete one before creating another.',
  GUEST_LINKS_UNSUPPORTED: 'Guest links are not supported for channel rooms. Invite users instead.',
  INVITE_NOT_FOUND: 'There is no invite with that ID.',
  INVITE_REVOKED: 'That invite was revoked and cannot be changed.',
  EMAIL_INVALID: 'That is not a valid email address.',
  EMAIL_INVISIBLE_CHARACTER: 'That email address contains an invisible or direction-changing character (such as U+202E or U+200B), so it could look like another address. Type it again without it.',
  EMAIL_DUPLICATE: 'That email address is listed more than once.',
  EMAIL_ALREADY_INVITED: 'That email address already has an active invite for this media entry.',
  EMAILS_REQUIRED: 'Give at least one email address.',
  ROLE_INVALID: 'The role must be one of: viewer, speaker, moderator.',
  PARTICIPANT_NOT_FOUND: 'There is no participant with that ID.',
  PARTICIPANT_STATE: 'That participant is not in a state that allows this action.',
  ADMIT_CLOSED: 'That guest can\'t be admitted: the way they came in has closed.',
  CLICKS_BELOW_USES: 'The click limit can\'t be lower than the clicks already used.',
  NOTHING_TO_CHANGE: 'Say what to change.',
  BASE_URL_INVALID: 'The public base URL must be an absolute http or https URL.',
  SETTING_INVALID: 'That setting is not valid.',
  EXPORT_FORMAT_INVALID: 'The export format must be csv.',
  PAGE_INVALID: 'Ask for the Waiting or the In the room list, from the start or from a place an earlier page gave.',
  DB_NEWER_VERSION: 'This data file was written by a newer version of Guestlist. Update the app to open it; the file was not changed.',
  DB_NOT_A_DATABASE: 'The data file is not a Guestlist database, or it is damaged. It was left untouched.',
  DB_READ_ONLY: 'The data folder cannot be written to. Choose a writable folder.',
  DB_OPEN_FAILED: 'The data file could not be opened.',
  DB_BUSY: 'Another program is changing the data file right now. Nothing was changed; try again in a moment.',
  PORT_IN_USE: 'The port is already in use by another program.',
  LISTENER_FAILED: 'The guest listener could not start.',
  TRUST_PROXY_INVALID: 'Trusted proxies must be IP addresses, ranges like 10.0.0.0/8, or loopback, separated by commas.',
  MAIL_NOT_CONFIGURED: 'No mail server is set up, so invites can\'t be emailed. Give one in Settings (or guestlist config set smtp-url), or copy the links.',
  SMTP_URL_INVALID: 'The mail server must be smtp://HOST:PORT or smtps://HOST:PORT, with the user name before an @ if it needs one (smtp://user@mail.example.org:587).',
  MAIL_FROM_INVALID: 'The sender address is not a valid email address.',
  MAIL_LANGUAGE_INVALID: 'The language of invite emails must be one of: en, fr, es, he.',
  INVITE_NOT_SENDABLE: 'That invite can\'t be emailed: it was revoked or has expired.',
  INTERNAL: 'Something went wrong inside Guestlist. Nothing was changed.',
  HOST_UNAVAILABLE: 'The part of Guestlist that keeps your data is not answering; it is being restarted. Try again in a moment.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into a code and a sentence, never leaking a stack. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (isAppError(e)) return e.toInfo();
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}
