// A small client for Janus's JSON API over its WebSocket transport: one
// socket, sessions, handles, transactions. It speaks only to 127.0.0.1 (or
// the external engine the user configured), with the API secret, which no
// browser ever sees (V3).
import crypto from 'node:crypto';
import WebSocket from 'ws';

export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id: number };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: { type: string; sdp: string };
  error?: { code: number; reason: string };
  [k: string]: unknown;
}

export class JanusError extends Error {
  constructor(
    message: string,
    readonly janusCode?: number,
  ) {
    super(message);
  }
}

type Pending = { resolve: (m: JanusMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; ackOnly: boolean };

/** One WebSocket to Janus. Handle events (async plugin answers, webrtcup, hangup…) go to `onHandleEvent`. */
export class JanusConnection {
  private readonly pending = new Map<string, Pending>();
  private readonly handleListeners = new Map<number, (m: JanusMessage) => void>();
  private keepalives = new Map<number, NodeJS.Timeout>();
  private closedReason: string | null = null;
  onClose: ((reason: string) => void) | null = null;

  private constructor(
    private readonly ws: WebSocket,
    private readonly apiSecret: string,
    readonly timeoutMs: number,
  ) {
    ws.on('message', (d) => this.onMessage(String(d)));
    ws.on('error', () => {});
    ws.on('close', () => this.fail('The connection to the live engine closed.'));
  }

  static open(url: string, apiSecret: string, timeoutMs = 5000): Promise<JanusConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-protocol', { handshakeTimeout: timeoutMs, maxPayload: 4 * 1024 * 1024 });
      const onError = (e: Error) => reject(new JanusError(`The live engine can't be reached: ${e.message}`));
      ws.once('error', onError);
      ws.once('open', () => {
        ws.off('error', onError);
        resolve(new JanusConnection(ws, apiSecret, timeoutMs));
      });
    });
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  private fail(reason: string) {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new JanusError(reason));
    }
    this.pending.clear();
    for (const t of this.keepalives.values()) clearInterval(t);
    this.keepalives.clear();
    try {
      this.onClose?.(reason);
    } catch {
      /* a listener's error must not escape a socket event */
    }
  }

  close() {
    this.fail('closed');
    this.ws.terminate();
  }

  private onMessage(text: string) {
    let m: JanusMessage;
    try {
      m = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const p = m.transaction ? this.pending.get(m.transaction) : undefined;
    if (p) {
      if (m.janus === 'ack' && !p.ackOnly) return; // the plugin's answer follows as an event
      this.pending.delete(m.transaction!);
      clearTimeout(p.timer);
      if (m.janus === 'error') p.reject(new JanusError(m.error?.reason ?? 'error', m.error?.code));
      else {
        const err = m.plugindata?.data?.error as string | undefined;
        if (err) p.reject(new JanusError(err, m.plugindata?.data?.error_code as number | undefined));
        else p.resolve(m);
      }
      return;
    }
    if (m.sender !== undefined) this.handleListeners.get(m.sender)?.(m);
  }

  /** Sends one request and waits for its answer (or, for `ackOnly`, its ack). */
  request(body: Record<string, unknown>, ackOnly = false): Promise<JanusMessage> {
    if (this.closedReason) return Promise.reject(new JanusError(this.closedReason));
    const transaction = crypto.randomBytes(9).toString('base64url');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusError('The live engine did not answer in time.'));
      }, this.timeoutMs);
      this.pending.set(transaction, { resolve, reject, timer, ackOnly });
      this.ws.send(JSON.stringify({ ...body, transaction, apisecret: this.apiSecret }));
    });
  }

  async createSession(): Promise<JanusSession> {
    const m = await this.request({ janus: 'create' });
    const id = m.data!.id;
    // Janus drops a session after 60 s of silence.
    const t = setInterval(() => {
      this.request({ janus: 'keepalive', session_id: id }, true).catch(() => {});
    }, 25_000);
    t.unref?.();
    this.keepalives.set(id, t);
    return new JanusSession(this, id);
  }

  /** @internal */
  listen(handleId: number, fn: (m: JanusMessage) => void) {
    this.handleListeners.set(handleId, fn);
  }
  /** @internal */
  unlisten(handleId: number) {
    this.handleListeners.delete(handleId);
  }
  /** @internal */
  forgetSession(id: number) {
    const t = this.keepalives.get(id);
    if (t) clearInterval(t);
    this.keepalives.delete(id);
  }
}

export class JanusSession {
  constructor(
    readonly conn: JanusConnection,
    readonly id: number,
  ) {}

  async attach(plugin = 'janus.plugin.videoroom'): Promise<JanusHandle> {
    const m = await this.conn.request({ janus: 'attach', session_id: this.id, plugin });
    return new JanusHandle(this, m.data!.id);
  }

  async destroy(): Promise<void> {
    this.conn.forgetSession(this.id);
    await this.conn.request({ janus: 'destroy', session_id: this.id }).catch(() => {});
  }
}

export class JanusHandle {
  constructor(
    readonly session: JanusSession,
    readonly id: number,
  ) {}

  onEvent(fn: (m: JanusMessage) => void) {
    this.session.conn.listen(this.id, fn);
  }

  /** A plugin request; resolves with the plugin's data (sync answer or the async event of the same transaction). */
  async message(body: Record<string, unknown>, jsep?: { type: string; sdp: string }): Promise<{ data: Record<string, unknown>; jsep?: { type: string; sdp: string } }> {
    const m = await this.session.conn.request({ janus: 'message', session_id: this.session.id, handle_id: this.id, body, ...(jsep ? { jsep } : {}) });
    return { data: m.plugindata?.data ?? {}, jsep: m.jsep };
  }

  trickle(candidate: unknown): Promise<unknown> {
    return this.session.conn.request({ janus: 'trickle', session_id: this.session.id, handle_id: this.id, candidate }, true);
  }

  async detach(): Promise<void> {
    this.session.conn.unlisten(this.id);
    await this.session.conn.request({ janus: 'detach', session_id: this.session.id, handle_id: this.id }).catch(() => {});
  }
}
