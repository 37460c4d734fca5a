export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** All of stdin (a secret given with --stdin); tests pass their own. */
  readStdin?: () => Promise<string>;
}

/** Who the audit log says did what, for changes made from a terminal. */
export const CLI_ACTOR = 'moderator (cli)';
