// Process: host ↔ main (pure types and checks; no electron, no core).
// The messages between Electron's main process and the host process (the
// core, the guest listener and the cross-process follower). Every message is
// a plain object that survives structured cloning (utilityProcess) and JSON
// (child_process.fork): no functions, no class instances, no Dates.
//
//   main → host   { type: 'request', id, method, params }   exactly one reply each
//   host → main   { type: 'ready' } | { type: 'failed', … }  once, at start
//                 { type: 'reply', id, ok, value | error }
//                 { type: 'event', name, payload }             domain events, listener status
//                 { type: 'knock', knock }                     at most one per room per window
import { z } from 'zod';
import type { ListenerStatus } from '../api/status';
import { OPERATION_NAMES, type OperationName } from '../api/schemas';
import { isOperationName } from '../api/table';
import type { DomainEventName, DomainEvents } from '../core/events';
import type { ErrorInfo } from '../core/errors';
import type { KnockSummary } from './knockNotifier';

/** How main wants the listener: the app's settings (host, port, L1 link address, L5 trusted proxies). */
export interface ListenerConfig {
  host: string;
  port: number;
  /** L1: the LAN address links use while binding all interfaces ('' = a sensible default). */
  linkHost: string;
  /**
   * L5: the app's setting ('' = loopback behind a public URL, nobody otherwise), or an explicit
   * list (`guestlist serve --trust-proxy`, where `none` is the empty list).
   */
  trustProxy: string | string[];
}

/** Each request method: its params and the value of its reply. */
export interface HostMethods {
  /** One moderator operation of the api table (callOperation); the reply value is its Result. */
  op: { params: { name: OperationName; input: unknown; actor: string }; value: { ok: true; value: unknown } | { ok: false; error: ErrorInfo } };
  'listener.start': { params: ListenerConfig; value: ListenerStatus };
  'listener.stop': { params: Record<string, never>; value: ListenerStatus };
  'listener.status': { params: Record<string, never>; value: ListenerStatus };
  'listener.checkReach': { params: Record<string, never>; value: ListenerStatus };
  /** Knock notifications on or off (the app's setting and whether the OS shows notifications). */
  'knocks.setEnabled': { params: { enabled: boolean }; value: null };
  /**
   * The app's mail server password, which main keeps encrypted with the OS's
   * safeStorage and gives the host at start (and when it changes): kept in the
   * host's memory only, never written to the database. null forgets it.
   */
  'mail.setPassword': { params: { password: string | null }; value: null };
  /** The log level (the app's setting): fatal, error, warn, info, debug, trace or silent. */
  'log.setLevel': { params: { level: string }; value: null };
  /** Stop the listener, close the database (WAL checkpoint), reply, exit 0. */
  shutdown: { params: Record<string, never>; value: null };
}
export type HostMethod = keyof HostMethods;

export interface HostRequest<M extends HostMethod = HostMethod> {
  type: 'request';
  id: number;
  method: M;
  params: HostMethods[M]['params'];
}

export type HostEventName = DomainEventName | 'listener.status' | 'live.people';
export type HostEvents = DomainEvents & { 'listener.status': ListenerStatus; 'live.people': { mediaId: number } };

export type HostMessage =
  | { type: 'ready'; pid: number }
  /** The core could not open. `appError` says whether `error` is an AppError's code (main rebuilds it for describeStartupError). */
  | { type: 'failed'; error: ErrorInfo; appError: boolean }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { type: 'event'; name: HostEventName; payload: unknown }
  | { type: 'knock'; knock: KnockSummary };

const empty = z.object({}).strict();
const listenerConfig = z
  .object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(0).max(65535),
    linkHost: z.string().max(255),
    trustProxy: z.union([z.string().max(2000), z.array(z.string().max(200)).max(100)]),
  })
  .strict();

/** The params of each method, checked in the host before anything runs. */
export const HOST_PARAMS: { [M in HostMethod]: z.ZodType<HostMethods[M]['params']> } = {
  op: z.object({ name: z.enum(OPERATION_NAMES as unknown as [OperationName, ...OperationName[]]), input: z.unknown(), actor: z.string().min(1).max(200) }).strict() as z.ZodType<HostMethods['op']['params']>,
  'listener.start': listenerConfig,
  'listener.stop': empty as z.ZodType<Record<string, never>>,
  'listener.status': empty as z.ZodType<Record<string, never>>,
  'listener.checkReach': empty as z.ZodType<Record<string, never>>,
  'knocks.setEnabled': z.object({ enabled: z.boolean() }).strict(),
  'mail.setPassword': z.object({ password: z.string().max(1024).nullable() }).strict(),
  'log.setLevel': z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }).strict(),
  shutdown: empty as z.ZodType<Record<string, never>>,
};

const requestEnvelope = z.object({ type: z.literal('request'), id: z.number().int().nonnegative(), method: z.string(), params: z.unknown() });

/** A request from main, checked; or why it was refused (with its id when it had one, so the refusal can be a reply). */
export function parseRequest(msg: unknown): { ok: true; request: HostRequest } | { ok: false; id: number | null; error: ErrorInfo } {
  const envelope = requestEnvelope.safeParse(msg);
  if (!envelope.success) {
    const id = typeof (msg as { id?: unknown } | null)?.id === 'number' ? (msg as { id: number }).id : null;
    return { ok: false, id, error: { code: 'INVALID_INPUT', message: 'The host got a message that is not a request.' } };
  }
  const { id, method } = envelope.data;
  if (!Object.hasOwn(HOST_PARAMS, method)) return { ok: false, id, error: { code: 'UNKNOWN_OPERATION', message: `The host has no method called “${method}”.` } };
  if (method === 'op') {
    const name = (envelope.data.params as { name?: unknown } | null)?.name;
    if (!isOperationName(name)) return { ok: false, id, error: { code: 'UNKNOWN_OPERATION', message: `There is no operation called “${String(name)}”.` } };
  }
  const params = HOST_PARAMS[method as HostMethod].safeParse(envelope.data.params ?? {});
  if (!params.success) {
    const issue = params.error.issues[0];
    return { ok: false, id, error: { code: 'INVALID_INPUT', message: `The input is not valid. ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`.trim() } };
  }
  return { ok: true, request: { type: 'request', id, method: method as HostMethod, params: params.data } };
}

/** A message from the host, checked for its shape (main trusts its own host, but not a half-written message). */
export function isHostMessage(msg: unknown): msg is HostMessage {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return typeof m.pid === 'number';
    case 'failed':
      return typeof m.error === 'object' && m.error !== null;
    case 'reply':
      return typeof m.id === 'number' && typeof m.ok === 'boolean';
    case 'event':
      return typeof m.name === 'string';
    case 'knock':
      return typeof m.knock === 'object' && m.knock !== null;
    default:
      return false;
  }
}
