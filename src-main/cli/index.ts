// The `guestlist` command: the moderator operations from a terminal, plus
// `serve` (the guest listener, headless). Every command goes through the
// same operations table as the desktop app.
import fs from 'node:fs';
import path from 'node:path';
import { type Api, callOperation, type Result } from '../api/table';
import type { OperationName } from '../api/schemas';
import { type Core, openCore } from '../core';
import { AppError, type ErrorInfo, toErrorInfo } from '../core/errors';
import { resolveDataDir } from '../core/paths';
import { defaultRequireAdmission } from '../core/lobbyDefaults';
import { DEFAULT_PORT } from '../core/settings';
import { type FlagSpec, type FlagValue, numberish, parseFlags, UsageError, yesNo } from './args';
import type { ReachResult } from '../listener/reach';
import { escapeTerminal, formatHuman, jsonForTerminal, type ZoneOf } from './format';
import { CLI_ACTOR, type Io } from './io';

export { CLI_ACTOR, type Io };

export const HELP = `guestlist — guest links and invite links for media and live rooms

Usage: guestlist [--data DIR] [--json] <command> [options]

Global options:
  --data DIR     data folder (default: GUESTLIST_DATA_DIR, or the app's folder)
  --json         machine-readable output: JSON on stdout; errors as JSON {code, message} on stderr
  --help         this text

Commands:
  media add --title T --kind media|room|channel-room|gallery-room
            [--description D] [--starts ISO --ends ISO --tz ZONE] [--file PATH] [--require-admission | --no-lobby]
            (without either, rooms get a lobby and on-demand media doesn't; see the README)
  media list [--kind K] [--search TEXT]
  media show --media ID
  media set --media ID [--title T] [--available yes|no] [--guest-access on|off] [--require-admission yes|no]
  links create --media ID --name NAME [--clicks N] [--days N]
  links edit --link ID [--name NAME] [--clicks N|none] [--days N|none]
  links list --media ID
  links delete --link ID
  links rotate --link ID
  invites create --media ID --email E [--email E ...] --role viewer|speaker|moderator [--lock-name] [--skip-lobby yes|no] [--days N]
  invites list --media ID
  invites revoke --invite ID
  invites role --invite ID --role R
  participants list --media ID [--all]     (--all: also those denied, removed or who left)
  participants admit|deny|remove --participant ID
  participants block --participant ID   (deny, and block that email for this media entry)
  participants blocked --media ID
  participants unblock --media ID --email E
  participants admit-all --media ID
  audit --media ID
  export --media ID --format csv [--out FILE]
  config get
  config set base-url auto|URL     auto: links follow the address the listener serves
  config set invite-skip-lobby yes|no
  serve [--host H] [--port P] [--public-url URL] [--trust-proxy LIST]
            --host 0.0.0.0: guests on your network (links use a LAN address);
            --public-url: the https URL of your reverse proxy or tunnel;
            --trust-proxy: addresses whose X-Forwarded-For/-Proto are believed
            (default: none; loopback with an https public URL whose
            host is not this computer; "none" for none)
  reach [--timeout MS]     does the link address reach this listener? exit 0 yes, 1 no

Exit codes: 0 done, 1 refused or nothing was done (e.g. every invite refused), 2 the command line is wrong.
`;


const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};


type Command = {
  flags: FlagSpec;
  /** Returns the operation to call and its input, or runs by itself (serve, export). */
  run: (f: Record<string, FlagValue>, pos: string[], core: Core, io: Io, json: boolean) => Promise<Result<unknown>> | Result<unknown>;
  /** Formats a successful value for people. */
  human?: (value: never) => string;
  /** Exit code for a successful run whose value says "no" (reach). */
  exitCode?: (value: never) => number;
};

const str = (v: FlagValue): string | undefined => (typeof v === 'string' ? v : undefined);
const need = (f: Record<string, FlagValue>, name: string): string => {
  const v = str(f[name]);
  if (v === undefined) throw new UsageError(`--${name} is required.`);
  return v;
};
/** `--clicks none` / `--days none` remove the limit; omitted leaves it as it is. */
const numberOrNone = (v: FlagValue): number | string | null | undefined => (typeof v === 'string' && v.trim().toLowerCase() === 'none' ? null : numberish(v));
const idOf = (f: Record<string, FlagValue>, name: string): number | string => numberish(need(f, name))!;

function op<K extends OperationName>(core: Core, name: K, input: unknown): Promise<Result<Api[K]['output']>> {
  return callOperation(core, name, input, CLI_ACTOR);
}

const COMMANDS: Record<string, Command> = {
  'media add': {
    flags: { title: 'string', kind: 'string', description: 'string', starts: 'string', ends: 'string', tz: 'string', file: 'string', 'require-admission': 'boolean', 'no-lobby': 'boolean' },
    run: (f, _p, core) => {
      if (f['require-admission'] && f['no-lobby']) throw new UsageError('Give --require-admission or --no-lobby, not both.');
      const hasSchedule = f.starts !== undefined || f.ends !== undefined || f.tz !== undefined;
      return op(core, 'media.create', {
        title: need(f, 'title'),
        kind: need(f, 'kind'),
        description: str(f.description),
        schedule: hasSchedule ? { startsAt: str(f.starts) ?? '', endsAt: str(f.ends) ?? '', timeZone: str(f.tz) ?? '' } : undefined,
        filePath: str(f.file) === undefined ? undefined : path.resolve(str(f.file)!),
        requireAdmission: f['require-admission'] === true ? true : f['no-lobby'] === true ? false : defaultRequireAdmission(need(f, 'kind')),
      });
    },
  },
  'media list': { flags: { kind: 'string', search: 'string' }, run: (f, _p, core) => op(core, 'media.list', { kind: str(f.kind), search: str(f.search) }) },
  'media show': { flags: { media: 'string' }, run: (f, _p, core) => op(core, 'media.get', { mediaId: idOf(f, 'media') }) },
  'media set': {
    flags: { media: 'string', title: 'string', description: 'string', available: 'string', 'guest-access': 'string', 'require-admission': 'string' },
    run: (f, _p, core) => {
      const input = {
        mediaId: idOf(f, 'media'),
        title: str(f.title),
        description: str(f.description),
        available: yesNo(f.available, 'available'),
        guestAccess: yesNo(f['guest-access'], 'guest-access'),
        requireAdmission: yesNo(f['require-admission'], 'require-admission'),
      };
      if (Object.values(input).filter((v) => v !== undefined).length < 2) throw new UsageError('Say what to change: --title, --available, --guest-access or --require-admission.');
      return op(core, 'media.update', input);
    },
  },
  'links create': {
    flags: { media: 'string', name: 'string', clicks: 'string', days: 'string' },
    run: (f, _p, core) => op(core, 'links.create', { mediaId: idOf(f, 'media'), name: need(f, 'name'), clicks: numberish(f.clicks) ?? null, days: numberish(f.days) ?? null }),
  },
  'links edit': {
    flags: { link: 'string', name: 'string', clicks: 'string', days: 'string' },
    run: (f, _p, core) => {
      const change = { name: str(f.name), clicks: numberOrNone(f.clicks), days: numberOrNone(f.days) };
      if (Object.values(change).every((v) => v === undefined)) throw new UsageError('Say what to change: --name, --clicks (a number or none) or --days (a number or none).');
      return op(core, 'links.edit', { linkId: idOf(f, 'link'), ...change });
    },
  },
  'links list': { flags: { media: 'string' }, run: (f, _p, core) => op(core, 'links.list', { mediaId: idOf(f, 'media') }) },
  'links delete': { flags: { link: 'string' }, run: (f, _p, core) => op(core, 'links.delete', { linkId: idOf(f, 'link') }) },
  'links rotate': { flags: { link: 'string' }, run: (f, _p, core) => op(core, 'links.rotate', { linkId: idOf(f, 'link') }) },
  'invites create': {
    flags: { media: 'string', email: 'multi', role: 'string', 'lock-name': 'boolean', 'skip-lobby': 'string', days: 'string' },
    run: (f, _p, core) =>
      op(core, 'invites.create', {
        mediaId: idOf(f, 'media'),
        emails: (f.email as string[] | undefined) ?? [],
        role: need(f, 'role'),
        lockName: f['lock-name'] === true,
        skipLobby: yesNo(f['skip-lobby'], 'skip-lobby'),
        days: numberish(f.days) ?? null,
      }),
    // Nothing was done when every address was refused (exit 1, README).
    exitCode: (results: { ok: boolean }[]) => (results.every((r) => !r.ok) ? 1 : 0),
  },
  'invites list': { flags: { media: 'string' }, run: (f, _p, core) => op(core, 'invites.list', { mediaId: idOf(f, 'media') }) },
  'invites revoke': { flags: { invite: 'string' }, run: (f, _p, core) => op(core, 'invites.revoke', { inviteId: idOf(f, 'invite') }) },
  'invites role': { flags: { invite: 'string', role: 'string' }, run: (f, _p, core) => op(core, 'invites.setRole', { inviteId: idOf(f, 'invite'), role: need(f, 'role') }) },
  'participants list': { flags: { media: 'string', all: 'boolean' }, run: (f, _p, core) => op(core, 'participants.list', { mediaId: idOf(f, 'media'), all: f.all === true ? true : undefined }) },
  'participants admit': { flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.admit', { participantId: idOf(f, 'participant') }) },
  'participants deny': { flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.deny', { participantId: idOf(f, 'participant') }) },
  'participants remove': { flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.remove', { participantId: idOf(f, 'participant') }) },
  'participants block': { flags: { participant: 'string' }, run: (f, _p, core) => op(core, 'participants.denyAndBlock', { participantId: idOf(f, 'participant') }) },
  'participants blocked': { flags: { media: 'string' }, run: (f, _p, core) => op(core, 'participants.blocked', { mediaId: idOf(f, 'media') }) },
  'participants unblock': { flags: { media: 'string', email: 'string' }, run: (f, _p, core) => op(core, 'participants.unblock', { mediaId: idOf(f, 'media'), email: need(f, 'email') }) },
  'participants admit-all': { flags: { media: 'string' }, run: (f, _p, core) => op(core, 'participants.admitAll', { mediaId: idOf(f, 'media') }) },
  audit: { flags: { media: 'string' }, run: (f, _p, core) => op(core, 'audit.list', { mediaId: idOf(f, 'media') }) },
  export: {
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
  'config get': { flags: {}, run: (_f, _p, core) => op(core, 'settings.get', {}) },
  'config set': {
    flags: {},
    run: (_f, p, core) => {
      const [key, value, ...extra] = p;
      if (!key || value === undefined || extra.length) throw new UsageError('Use: guestlist config set base-url auto|URL, or config set invite-skip-lobby yes|no.');
      if (key === 'base-url') return op(core, 'settings.set', { baseUrl: value });
      if (key === 'invite-skip-lobby') return op(core, 'settings.set', { inviteSkipLobbyDefault: yesNo(value, 'invite-skip-lobby') });
      throw new UsageError(`Unknown setting “${key}”. Settings: base-url, invite-skip-lobby.`);
    },
  },
  serve: {
    flags: { host: 'string', port: 'string', 'public-url': 'string', 'base-url': 'string', 'trust-proxy': 'string' },
    run: async (f, _p, core, io, json) => {
      // Loaded on demand: the HTTP stack is only needed here, and the other commands start faster without it.
      // (require, not import(): bin/guestlist.cjs registers tsx for CommonJS.)
      const { serve } = require('./serve') as typeof import('./serve');
      if (f['public-url'] !== undefined && f['base-url'] !== undefined) throw new UsageError('Give --public-url or --base-url (the same thing), not both.');
      return serve(core, io, json, { host: str(f.host) ?? '127.0.0.1', port: numberish(f.port) ?? DEFAULT_PORT, baseUrl: str(f['public-url']) ?? str(f['base-url']), trustProxy: str(f['trust-proxy']) });
    },
  },
  reach: {
    flags: { timeout: 'string' },
    run: async (f, _p, core) => {
      const timeout = numberish(f.timeout);
      if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 100 || timeout > 120_000)) throw new UsageError('--timeout is in milliseconds, from 100 to 120000.');
      const { checkReach } = require('../listener/reach') as typeof import('../listener/reach');
      return { ok: true, value: await checkReach(core, { timeoutMs: timeout }) };
    },
    // L4: the result is printed whether or not links reach; the exit code says which.
    exitCode: (r: ReachResult) => (r.ok ? 0 : 1),
  },
};

/** The lines of HELP for one command group, or null if `word` isn't a group. */
export function subcommandsOf(word: string | undefined): string | null {
  if (!word || word.startsWith('-')) return null;
  const subs = Object.keys(COMMANDS).filter((c) => c.startsWith(`${word} `));
  if (subs.length === 0) return null;
  const lines = HELP.split('\n').filter((l) => l.startsWith(`  ${word} `));
  return `Usage: guestlist [--data DIR] [--json] ${word} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun guestlist --help for every command.\n`;
}

function reportError(io: Io, json: boolean, error: ErrorInfo): void {
  if (json) io.err(`${jsonForTerminal({ code: error.code, message: error.message })}\n`);
  else io.err(`error [${error.code}]: ${escapeTerminal(error.message)}\n`);
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

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let global;
  try {
    // Global flags may come anywhere; split them out first.
    const rest: string[] = [];
    let data: string | undefined;
    let json = false;
    let help = false;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--json') json = true;
      else if (a === '--help' || a === '-h') help = true;
      else if (a === '--data') {
        data = argv[++i];
        if (data === undefined) throw new UsageError('--data needs a folder.');
      } else if (a.startsWith('--data=')) data = a.slice(7);
      else rest.push(a);
    }
    global = { data, json, help, rest };
  } catch (e) {
    reportError(io, argv.includes('--json'), { code: 'INVALID_INPUT', message: (e as Error).message });
    return 2;
  }
  const { json, rest } = global;
  // The command words come first: `links create --media 1 ...`.
  const two = rest.slice(0, 2).join(' ');
  const name = COMMANDS[two] ? two : COMMANDS[rest[0] ?? ''] ? rest[0]! : undefined;
  // A command group without its subcommand (`guestlist links`, `guestlist links --help`) lists the group's commands.
  const group = !name || global.help ? subcommandsOf(rest[0]) : null;
  if (group) {
    io.out(group);
    return 0;
  }
  if (global.help || rest.length === 0) {
    io.out(HELP);
    return 0;
  }
  if (!name) {
    reportError(io, json, { code: 'INVALID_INPUT', message: `Unknown command “${rest.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}”. Run guestlist --help for the list.` });
    return 2;
  }
  const cmd = COMMANDS[name]!;
  let core: Core | undefined;
  try {
    const args = rest.slice(name.split(' ').length);
    const parsed = parseFlags(args, cmd.flags);
    if (name !== 'config set' && parsed.positionals.length) throw new UsageError(`Unexpected “${parsed.positionals[0]}”. Run guestlist --help.`);
    core = openCore({ dataDir: resolveDataDir(global.data, io.env) });
    const result = await cmd.run(parsed.flags, parsed.positionals, core, io, json);
    if (!result.ok) {
      reportError(io, json, result.error);
      return 1;
    }
    if (result.value !== undefined) io.out(json ? `${jsonForTerminal(result.value, 2)}\n` : formatHuman(name, result.value, zoneOfMedia(core)));
    return cmd.exitCode ? cmd.exitCode(result.value as never) : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      reportError(io, json, { code: 'INVALID_INPUT', message: e.message });
      return 2;
    }
    if (!(e instanceof AppError)) io.err(`${String((e as Error)?.stack ?? e)}\n`);
    reportError(io, json, toErrorInfo(e));
    return 1;
  } finally {
    core?.close();
  }
}
