// A small, strict argument parser: each command declares its flags, and
// anything else is a usage error with a sentence (never a stack trace).
import { AppError } from '../core/errors';

export type FlagType = 'string' | 'boolean' | 'multi';
export type FlagSpec = Record<string, FlagType>;
export type FlagValue = string | boolean | string[] | undefined;
export type Parsed = { flags: Record<string, FlagValue>; positionals: string[] };

export class UsageError extends Error {}

export function parseFlags(argv: readonly string[], spec: FlagSpec): Parsed {
  const flags: Parsed['flags'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const type = spec[name];
    if (!type) throw new UsageError(`Unknown option --${name}.`);
    if (type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value.`);
      i++;
    }
    if (type === 'multi') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else {
      if (name in flags) throw new UsageError(`--${name} is given more than once.`);
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

export function yesNo(value: FlagValue, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${flag} needs one value.`);
  const v = value.trim().toLowerCase();
  if (['yes', 'on', 'true', '1'].includes(v)) return true;
  if (['no', 'off', 'false', '0'].includes(v)) return false;
  throw new AppError('INVALID_INPUT', `--${flag} must be yes or no (or on/off), not “${value}”.`);
}

/** A number flag as the operations table expects it: digits become a number, anything else stays for the schema to refuse. */
export function numberish(value: FlagValue): number | string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}
