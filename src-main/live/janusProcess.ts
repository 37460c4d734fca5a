// The built-in engine: Janus as a child of the host (V5), supervised the way
// a process manager would. It writes its own configuration, waits until the
// API answers, restarts after a crash with backoff, and stops with the host.
//
// No Janus outlives the host, however the host ends: on Linux and macOS Janus
// runs under a tiny `sh` watchdog that holds a pipe from the host on its
// stdin. When the host exits, even by SIGKILL, the kernel closes that pipe,
// `read` returns, and the watchdog kills Janus.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { mediaAddresses, noMediaAddressReason } from './addresses';
import { JANUS_MODULES, type JanusRunConfig, janusConfigFiles, randomSecret } from './janusConfig';
import { JANUS_TURN_TTL_SECONDS, turnCredentials } from './turn';

/** The nat section's TURN entry for one Janus run: the shared secret stays here, Janus gets 30-day credentials. */
export function janusTurn(t: NonNullable<BuiltInJanusOptions['turn']>, now = Date.now()): NonNullable<JanusRunConfig['turn']> {
  const { username, credential } = turnCredentials(t.secret, { ttlSeconds: JANUS_TURN_TTL_SECONDS, now, name: 'guestlist-janus' });
  return { host: t.host, port: t.port, type: t.type, user: username, pwd: credential };
}

export interface BuiltInJanusOptions {
  /** The janus binary: a path the user gave, or `janus` found on PATH. */
  binary?: string;
  /** Folder for the run's configuration (a fresh one under it per start). */
  runtimeDir: string;
  rtpPorts?: { min: number; max: number };
  /** V6: the addresses Janus may offer guests, asked at each start (L1: "my network" is the chosen LAN address). */
  iceEnforce?: () => string[];
  natMapping?: string;
  stun?: JanusRunConfig['stun'];
  /** V6: a TURN server and its shared secret; Janus gets credentials valid 30 days, made at each start. */
  turn?: { host: string; port: number; type: 'udp' | 'tcp' | 'tls'; secret: string };
  log?: (message: string, error?: unknown) => void;
  /** Whether a STUN/TURN host name resolves (default: the system's resolver, 3 s at most). */
  resolveHost?: (host: string) => Promise<boolean>;
  /** Restart backoff: first delay and cap (ms). */
  backoff?: { firstMs: number; maxMs: number };
}

/** The system's resolver, given 3 s. */
function systemResolves(host: string): Promise<boolean> {
  return Promise.race([
    dns.promises.lookup(host).then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref()),
  ]);
}

export interface JanusEndpoint {
  url: string;
  apiSecret: string;
  adminKey: string;
}

const WATCHDOG = [
  // A background job's stdin is /dev/null in sh, so the host's pipe is kept on fd 3.
  'exec 3<&0',
  '"$0" "$@" </dev/null 3<&- &',
  'j=$!',
  '( read _unused <&3; kill -TERM $j 2>/dev/null; sleep 1; kill -KILL $j 2>/dev/null ) &',
  'w=$!',
  'wait $j; code=$?',
  'kill $w 2>/dev/null',
  'exit $code',
].join('\n');

/** Where the Debian/Ubuntu package keeps Janus's modules; Homebrew and source builds use lib/janus beside the binary. */
export function janusModuleDirs(binary: string): string[] {
  const real = (() => {
    try {
      return fs.realpathSync(binary);
    } catch {
      return binary;
    }
  })();
  const prefix = path.dirname(path.dirname(real));
  return [
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/janus`,
    path.join(prefix, 'lib', 'janus'),
    path.join(prefix, 'lib64', 'janus'),
    '/usr/lib/janus',
    '/usr/local/lib/janus',
    '/opt/janus/lib/janus',
  ];
}

/** The janus binary to run, or null with the reason when there is none. */
export function findJanus(given?: string): { binary: string; moduleDir: string } | { error: string } {
  let binary = given?.trim() || '';
  if (!binary) {
    const which = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['janus'], { encoding: 'utf8' });
    binary = which.status === 0 ? which.stdout.split(/\r?\n/)[0]!.trim() : '';
    if (!binary) return { error: 'Janus is not installed: no `janus` on PATH.' };
  } else if (!fs.existsSync(binary)) {
    return { error: `Janus was not found at ${binary}.` };
  }
  for (const dir of janusModuleDirs(binary)) {
    if (fs.existsSync(path.join(dir, 'plugins', JANUS_MODULES.plugin)) && fs.existsSync(path.join(dir, 'transports', JANUS_MODULES.transport))) {
      return { binary, moduleDir: dir };
    }
  }
  return { error: `Janus's VideoRoom plugin and WebSockets transport were not found beside ${binary}.` };
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Ready is when `{"janus":"info"}` over the WebSocket gets an answer. */
export async function janusAnswers(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(ok);
    };
    const ws = new WebSocket(url, 'janus-protocol');
    const timer = setTimeout(() => finish(false), timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
    ws.on('message', (d) => {
      try {
        finish(JSON.parse(String(d)).janus === 'server_info');
      } catch {
        finish(false);
      }
    });
    ws.on('error', () => finish(false));
    ws.on('close', () => finish(false));
  });
}

type State = 'stopped' | 'starting' | 'ready' | 'restarting' | 'failed';

/**
 * One Janus child, restarted after each crash (250 ms doubling to 10 s).
 * `endpoint()` starts it on first use and resolves when it answers.
 */
export class BuiltInJanus {
  private child: ChildProcess | null = null;
  private state: State = 'stopped';
  private current: JanusEndpoint | null = null;
  private starting: Promise<JanusEndpoint> | null = null;
  private stopping = false;
  private delayMs: number;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(state: State, reason?: string) => void>();
  lastExit: string | null = null;
  /** PID of the janus process itself (not the watchdog), for tests and `live status`. */
  janusPid: number | null = null;

  constructor(private readonly opts: BuiltInJanusOptions) {
    this.delayMs = opts.backoff?.firstMs ?? 250;
  }

  get status(): State {
    return this.state;
  }

  onState(fn: (state: State, reason?: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private setState(s: State, reason?: string) {
    this.state = s;
    for (const fn of this.listeners) {
      try {
        fn(s, reason);
      } catch (e) {
        this.opts.log?.('a Janus state listener failed', e);
      }
    }
  }

  endpoint(): Promise<JanusEndpoint> {
    if (this.state === 'ready' && this.current) return Promise.resolve(this.current);
    if (!this.starting) {
      this.starting = this.start().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  /** Whether a STUN/TURN host resolves (an address always does); if not, logs that Janus starts without it. */
  private async resolves(kind: 'STUN' | 'TURN', host: string): Promise<boolean> {
    if (net.isIP(host.replace(/^\[|\]$/g, ''))) return true;
    const found = await (this.opts.resolveHost ?? systemResolves)(host).catch(() => false);
    if (!found) this.opts.log?.(`The ${kind} server ${host} does not resolve; Janus starts without it (the pages still get it). Check the name in the live settings.`);
    return found;
  }

  private async start(): Promise<JanusEndpoint> {
    if (this.stopping) throw new Error('The live engine is stopping.');
    const found = findJanus(this.opts.binary);
    if ('error' in found) {
      this.setState('failed', found.error);
      throw new Error(found.error);
    }
    const enforce = this.opts.iceEnforce?.() ?? [];
    const noMedia = noMediaAddressReason(mediaAddresses(enforce));
    if (noMedia) {
      this.setState('failed', noMedia);
      throw new Error(noMedia);
    }
    this.setState(this.state === 'stopped' || this.state === 'failed' ? 'starting' : 'restarting');
    fs.mkdirSync(this.opts.runtimeDir, { recursive: true, mode: 0o700 });
    const dir = fs.mkdtempSync(path.join(this.opts.runtimeDir, 'janus-'));
    for (const kind of ['plugins', 'transports', 'events', 'loggers']) fs.mkdirSync(path.join(dir, kind));
    fs.symlinkSync(path.join(found.moduleDir, 'plugins', JANUS_MODULES.plugin), path.join(dir, 'plugins', JANUS_MODULES.plugin));
    fs.symlinkSync(path.join(found.moduleDir, 'transports', JANUS_MODULES.transport), path.join(dir, 'transports', JANUS_MODULES.transport));
    const config: JanusRunConfig = {
      dir,
      wsPort: await freeLoopbackPort(),
      apiSecret: randomSecret(),
      adminKey: randomSecret(),
      rtpPorts: this.opts.rtpPorts ?? { min: 40000, max: 40999 },
      iceEnforce: enforce,
      natMapping: this.opts.natMapping,
      // Janus refuses to start at all when a STUN or TURN name doesn't resolve:
      // such a server is left out (and said so), so live media still work here.
      stun: this.opts.stun && (await this.resolves('STUN', this.opts.stun.host)) ? this.opts.stun : undefined,
      turn: this.opts.turn && (await this.resolves('TURN', this.opts.turn.host)) ? janusTurn(this.opts.turn) : undefined,
    };
    for (const [name, text] of Object.entries(janusConfigFiles(config))) fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 });

    const args = ['-F', dir, '-C', path.join(dir, 'janus.jcfg'), '-L', path.join(dir, 'janus.log'), '-N'];
    const child =
      process.platform === 'win32'
        ? spawn(found.binary, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true })
        : spawn('/bin/sh', ['-c', WATCHDOG, found.binary, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    child.stdin?.on('error', () => {});
    child.on('error', (e) => this.opts.log?.('Janus could not be started', e));
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
    });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.current = null;
      this.janusPid = null;
      fs.rm(dir, { recursive: true, force: true }, () => {});
      this.lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
      if (this.stopping) {
        this.setState('stopped');
        return;
      }
      this.opts.log?.(`Janus exited (${this.lastExit}); restarting in ${this.delayMs} ms. ${stderr.trim()}`);
      this.scheduleRestart();
    });

    const url = `ws://127.0.0.1:${config.wsPort}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const result = await Promise.race([exited.then((why) => ({ exited: why })), janusAnswers(url, 500).then((ok) => ({ ok }))]);
      if ('exited' in result) {
        const why = `Janus stopped while starting (${result.exited}). ${stderr.trim()}`.trim();
        this.setState('failed', why);
        throw new Error(why);
      }
      if (result.ok) break;
      if (Date.now() > deadline) {
        this.killChild(child);
        this.setState('failed', 'Janus did not answer within 10 s.');
        throw new Error('Janus did not answer within 10 s.');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    this.janusPid = janusChildPid(child.pid);
    this.current = { url, apiSecret: config.apiSecret, adminKey: config.adminKey };
    this.delayMs = this.opts.backoff?.firstMs ?? 250;
    this.setState('ready');
    return this.current;
  }

  private scheduleRestart() {
    this.setState('restarting');
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.opts.backoff?.maxMs ?? 10_000);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.endpoint().catch((e) => {
        this.opts.log?.('Janus could not be restarted', e);
        if (!this.stopping && this.state !== 'failed') this.scheduleRestart();
      });
    }, delay);
    this.restartTimer.unref?.();
  }

  private killChild(child: ChildProcess) {
    if (process.platform === 'win32') child.kill();
    else child.stdin?.end(); // the watchdog TERMs Janus, then KILLs it after 3 s
  }

  /** Stops Janus and waits for it (at most `waitMs`, then SIGKILL). */
  async stop(waitMs = 4000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.starting?.catch(() => {});
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.setState('stopped');
      return;
    }
    const pid = this.janusPid;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    this.killChild(child);
    const timer = setTimeout(() => {
      if (pid) tryKill(pid, 'SIGKILL');
      child.kill('SIGKILL');
    }, waitMs);
    await gone;
    clearTimeout(timer);
  }
}

function tryKill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** The watchdog's child: Janus itself (Linux: /proc; elsewhere unknown). */
function janusChildPid(watchdogPid: number | undefined): number | null {
  if (!watchdogPid || process.platform !== 'linux') return watchdogPid ?? null;
  try {
    const children = fs.readFileSync(`/proc/${watchdogPid}/task/${watchdogPid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    for (const pid of children) {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (path.basename(cmd) === 'janus') return pid;
    }
  } catch {
    /* fall through */
  }
  return null;
}
