// Shared setup for listener tests: a real core on a temp SQLite file, a real
// listener on 127.0.0.1:0, and a tiny browser-like client with a cookie jar.
import fs from 'node:fs';
import path from 'node:path';
import { type Core, type Schedule } from '../../src-main/core';
import { createListener, type Listener, type ListenerOptions } from '../../src-main/listener';
import { ACTOR, tmpCore, tmpDir } from '../helpers/tmp';

export { ACTOR };

export interface Harness {
  core: Core;
  listener: Listener;
  base: string;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<Omit<ListenerOptions, 'core' | 'host' | 'port'>> & { now?: () => Date } = {}): Promise<Harness> {
  const core = tmpCore({ now: opts.now });
  const listener = await createListener({ core, host: '127.0.0.1', port: 0, ...opts });
  return {
    core,
    listener,
    base: listener.url,
    async close() {
      await listener.close();
      core.close();
    },
  };
}

/**
 * A schedule far ahead (Friday 12 June 2093, 10:00–10:45 in New York): its
 * doors aren't open yet, so guests who submit wait in the lobby.
 */
export const UPCOMING: Schedule = { startsAt: '2093-06-12T14:00:00.000Z', endsAt: '2093-06-12T14:45:00.000Z', timeZone: 'America/New_York' };

/**
 * A media entry with guest access on, and one guest link. No schedule unless
 * given: a schedule means something (doors, end), so tests that don't care
 * about time don't get one.
 */
export function guestSetup(
  core: Core,
  opts: { requireAdmission?: boolean; clicks?: number | null; days?: number | null; kind?: 'media' | 'room'; filePath?: string | null; title?: string; schedule?: Schedule | null; doorsOpenMinutes?: number; contact?: string } = {},
) {
  const media = core.media.create(
    {
      kind: opts.kind ?? 'room',
      title: opts.title ?? 'Quarterly review',
      guestAccess: true,
      requireAdmission: opts.requireAdmission ?? true,
      filePath: opts.filePath ?? null,
      schedule: opts.schedule ?? null,
      doorsOpenMinutes: opts.doorsOpenMinutes,
      contact: opts.contact,
    },
    ACTOR,
  );
  const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: opts.clicks ?? null, days: opts.days ?? null }, ACTOR);
  return { media, link };
}

export function inviteSetup(core: Core, mediaId: number, email: string, role: 'viewer' | 'speaker' | 'moderator', opts: { lockName?: boolean; skipLobby?: boolean } = {}) {
  const [r] = core.invites.createMany({ mediaId, emails: [email], role, lockName: opts.lockName, skipLobby: opts.skipLobby }, ACTOR);
  if (!r || !r.ok) throw new Error(`invite failed: ${JSON.stringify(r)}`);
  return r.invite;
}

export function mediaFile(bytes = 10_000): string {
  const file = path.join(tmpDir('guestlist-media-'), 'clip.mp4');
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = i % 251;
  fs.writeFileSync(file, buf);
  return file;
}

/** A browser with a cookie jar. Redirects are not followed, so tests see them. */
export class Client {
  readonly jar = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async get(p: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + p, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...this.headers, ...headers } });
    this.keep(res);
    return res;
  }

  async getText(p: string): Promise<{ res: Response; text: string }> {
    const res = await this.get(p);
    return { res, text: await res.text() };
  }

  async post(p: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + p, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...this.headers, ...headers },
      body: new URLSearchParams(form).toString(),
    });
    this.keep(res);
    return res;
  }

  /** Loads a page, reads its CSRF token, posts the form. */
  async submit(p: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const page = await this.get(p);
    const token = csrfOf(await page.text());
    return this.post(p, { _csrf: token, ...form }, headers);
  }

  /** A CSRF token for this browser, taken from any page. */
  async csrf(): Promise<string> {
    const { text } = await this.getText('/s');
    return csrfOf(text);
  }
}

export function csrfOf(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

/** Reads SSE events from /s/events until `until` says stop. */
export async function openEvents(client: Client) {
  const ctrl = new AbortController();
  const res = await fetch(`${client.base}/s/events`, { headers: { cookie: client.cookieHeader() }, signal: ctrl.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const events: { event: string; data: string }[] = [];
  let closed = false;
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev) events.push({ event: ev, data: data ?? '' });
          else if (block.startsWith(':')) events.push({ event: 'comment', data: block });
        }
      }
    } catch {
      /* aborted */
    }
    closed = true;
  })();
  return {
    res,
    events,
    get closed() {
      return closed;
    },
    pump,
    async waitFor(pred: (e: { event: string; data: string }) => boolean, ms = 5000) {
      const start = Date.now();
      while (Date.now() - start < ms) {
        const hit = events.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`event not seen; got ${JSON.stringify(events)}`);
    },
    close() {
      ctrl.abort();
    },
  };
}
