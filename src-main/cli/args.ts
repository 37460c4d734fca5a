// The command line, read with node:util parseArgs: each command declares its
// flags, and anything else is a usage error with a sentence (never a stack
// trace). Global flags (--data, --json, --help) may come anywhere.
import { parseArgs } from 'node:util';

export type FlagType = 'string' | 'boolean' | 'multi';
export type FlagSpec = Record<string, FlagType>;
export type FlagValue = string | boolean | string[] | undefined;
export type Parsed = { flags: Record<string, FlagValue>; positionals: string[] };

/** The command line is wrong (exit 2): an unknown flag, a missing value, an ID that isn't a number. */
export class UsageError extends Error {}

export const GLOBAL_FLAGS = { data: 'string', json: 'boolean', help: 'boolean' } as const satisfies FlagSpec;

type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

function optionsOf(spec: FlagSpec): Options {
  const o: Options = {};
  for (const [name, type] of Object.entries(spec)) o[name] = type === 'multi' ? { type: 'string', multiple: true } : { type };
  return o;
}

const GLOBAL_OPTIONS: Options = { ...optionsOf(GLOBAL_FLAGS), help: { type: 'boolean', short: 'h' } };

/**
 * The command words (the first one or two words before any command flag),
 * read around the global flags: `--data D --json links create --media 1` → ["links", "create"].
 * `isCommand` says whether a phrase is a command; returns the words and where they are in argv.
 */
export function commandWords(argv: readonly string[], isCommand: (phrase: string) => boolean): { name: string | undefined; words: string[]; indexes: number[]; help: boolean; json: boolean } {
  const { tokens, values } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const words: { value: string; index: number }[] = [];
  for (const t of tokens) {
    if (t.kind === 'option-terminator') break;
    if (t.kind === 'option') {
      if (t.name in GLOBAL_OPTIONS) continue;
      break;
    }
    words.push({ value: t.value, index: t.index });
    if (words.length === 2) break;
  }
  const two = words.slice(0, 2).map((w) => w.value).join(' ');
  const chosen = words.length === 2 && isCommand(two) ? words : words.length && isCommand(words[0]!.value) ? words.slice(0, 1) : [];
  return {
    name: chosen.length ? chosen.map((w) => w.value).join(' ') : undefined,
    words: words.map((w) => w.value),
    indexes: chosen.map((w) => w.index),
    help: values.help === true,
    json: values.json === true,
  };
}

/** parseArgs' own errors, as one sentence about the flag. */
function usageFrom(e: unknown, args: readonly string[]): UsageError {
  const err = e as { code?: string; message?: string };
  const flag = /'(--?[^' ,]+)/.exec(err.message ?? '')?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option ${flag ?? ''}.`.replace(' .', '.'));
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(/does not take an argument/.test(err.message ?? '') ? `${flag} takes no value.` : `${flag} needs a value.`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const word = /'([^']*)'/.exec(err.message ?? '')?.[1] ?? args.find((a) => !a.startsWith('-'));
      return new UsageError(`Unexpected “${word}”.`);
    }
    default:
      return new UsageError(err.message ?? String(e));
  }
}

/**
 * Reads one command's flags (and the global ones) with parseArgs, strictly.
 * A string flag's value may be negative (`--days -1`, for the core to refuse
 * with its own code); a value that looks like another flag is a missing value.
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec, allowPositionals = false): Parsed & { global: { data?: string; json: boolean; help: boolean } } {
  const options: Options = { ...optionsOf(spec), ...GLOBAL_OPTIONS };
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const next = argv[i + 1];
    // parseArgs calls "-1" after a string flag ambiguous; a negative number is a value.
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals, tokens: true });
  } catch (e) {
    throw usageFrom(e, args);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    if (spec[t.name] === 'string' || t.name === 'data') {
      if (seen.has(t.name)) throw new UsageError(`--${t.name} is given more than once.`);
      seen.add(t.name);
    }
  }
  const { data, json, help, ...flags } = parsed.values as Record<string, FlagValue>;
  return { flags, positionals: parsed.positionals, global: { data: data as string | undefined, json: json === true, help: help === true } };
}

export function yesNo(value: FlagValue, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${flag} needs one value.`);
  const v = value.trim().toLowerCase();
  if (['yes', 'on', 'true', '1'].includes(v)) return true;
  if (['no', 'off', 'false', '0'].includes(v)) return false;
  throw new UsageError(`--${flag} must be yes or no (or on/off), not “${value}”.`);
}

/** A number flag as the operations table expects it: digits become a number, anything else stays for the schema to refuse. */
export function numberish(value: FlagValue): number | string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

/** An ID or a count on the command line: a whole number of at least 1, or the command line is wrong. */
export function wholeNumber(value: string, flag: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) throw new UsageError(`--${flag} needs a whole number of at least 1, not “${value}”.`);
  return Number(value);
}
