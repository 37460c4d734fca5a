// The knock notifier (src-main/host/knockNotifier.ts) under plain Node,
// against a real core on a temp SQLite file and a clock moved by hand.
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core';
import { KnockNotifier, type NotifierClock } from '../../src-main/host/knockNotifier';
import { guestSetup } from '../listener/helpers';
import { tmpCore } from '../helpers/tmp';

function handClock() {
  let t = 1_000_000;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const clock: NotifierClock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = timers.findIndex((x) => x.id === h);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  return {
    clock,
    pending: () => timers.length,
    advance(ms: number) {
      t += ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > t) break;
        timers.shift();
        due.fn();
      }
    },
  };
}

function world(opts: { enabled?: () => boolean; notify?: (text: { title: string; body: string }) => void } = {}) {
  const core = tmpCore();
  const { media, link } = guestSetup(core, { title: 'Town hall', requireAdmission: true });
  const hand = handClock();
  const shown: Array<{ title: string; body: string }> = [];
  const logged: string[] = [];
  const lookups = { person: 0, title: 0 };
  const notifier = new KnockNotifier({
    person: (id) => {
      lookups.person++;
      return core.participants.find(id);
    },
    mediaTitle: (id) => {
      lookups.title++;
      return core.media.get(id).title;
    },
    enabled: opts.enabled ?? (() => true),
    notify: opts.notify ?? ((t) => shown.push(t)),
    clock: hand.clock,
    log: (m) => logged.push(m),
  });
  core.events.on('participant.changed', (p) => notifier.onParticipantChanged(p));
  let n = 0;
  const knock = (name = `Guest ${++n}`) => {
    const r = core.access.redeemGuestLink(link.token, { name, email: `g${n}-${Math.random().toString(36).slice(2)}@x.co` });
    if (!r.ok) throw new Error('redeem failed');
    return r.participant.id;
  };
  return { core, media, hand, shown, logged, lookups, notifier, knock };
}

let open: Core[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

describe('knock notifier (O4)', () => {
  it('O4: the first knock is shown at once, with the name and the room', () => {
    const w = world();
    open.push(w.core);
    w.knock('Ada');
    expect(w.shown).toEqual([{ title: 'A guest is waiting', body: '\u2068Ada\u2069 is waiting in the lobby of “\u2068Town hall\u2069”.' }]);
  });

  it('O4: a storm of knocks in one room is one notification per ~2 s ("12 people are waiting to join Town hall")', () => {
    const w = world();
    open.push(w.core);
    w.knock('First');
    for (let i = 0; i < 12; i++) w.knock();
    expect(w.shown).toHaveLength(1);
    w.hand.advance(1999);
    expect(w.shown).toHaveLength(1);
    w.hand.advance(1);
    expect(w.shown).toHaveLength(2);
    expect(w.shown[1]).toEqual({ title: 'Guests are waiting', body: '12 people are waiting to join “\u2068Town hall\u2069”.' });
    // 400 more knocks over 4 s: still at most one per window.
    for (let i = 0; i < 400; i++) {
      w.knock();
      w.hand.advance(10);
    }
    w.hand.advance(2000);
    expect(w.shown.length).toBeLessThanOrEqual(2 + Math.ceil(4000 / 2000) + 1);
    const counted = w.shown.slice(2).reduce((sum, t) => sum + Number(/^(\d+) people/.exec(t.body)?.[1] ?? 1), 0);
    expect(counted).toBe(400);
    expect(w.hand.pending()).toBe(0);
  });

  it('O4: the notifier looks up one person or one title per notification, never a whole room', () => {
    const w = world();
    open.push(w.core);
    for (let i = 0; i < 50; i++) w.knock();
    w.hand.advance(2000);
    expect(w.shown).toHaveLength(2);
    expect(w.lookups.person).toBe(1); // the first (lone) knock only
    expect(w.lookups.title).toBe(2);
  });

  it('O4: guests admitted before the notification are not counted; a lone one already admitted is not shown', () => {
    const w = world();
    open.push(w.core);
    w.knock();
    const a = w.knock();
    const b = w.knock();
    const c = w.knock();
    w.core.participants.admit(a, 'mod');
    w.core.participants.deny(b, 'mod');
    w.hand.advance(2000);
    expect(w.shown[1]!.body).toMatch(/waiting in the lobby/); // only c left: a named, single notification
    expect(w.shown[1]!.body).toContain(w.core.participants.get(c).name);
  });

  it('O4: rooms are coalesced separately', () => {
    const w = world();
    open.push(w.core);
    w.knock('Ada');
    const other = guestSetup(w.core, { title: 'Board meeting' });
    const r = w.core.access.redeemGuestLink(other.link.token, { name: 'Bo', email: 'bo@x.co' });
    expect(r.ok).toBe(true);
    expect(w.shown.map((t) => t.body)).toEqual(['\u2068Ada\u2069 is waiting in the lobby of “\u2068Town hall\u2069”.', '\u2068Bo\u2069 is waiting in the lobby of “\u2068Board meeting\u2069”.']);
  });

  it('O4: notifications off means none, and the setting is asked of the cached getter, not read per knock', () => {
    let on = false;
    let asked = 0;
    const w = world({
      enabled: () => {
        asked++;
        return on;
      },
    });
    open.push(w.core);
    w.knock();
    w.hand.advance(5000);
    expect(w.shown).toHaveLength(0);
    on = true;
    w.knock('Cy');
    expect(w.shown.map((t) => t.body)).toEqual(['\u2068Cy\u2069 is waiting in the lobby of “\u2068Town hall\u2069”.']);
    expect(asked).toBeGreaterThan(0);
  });

  it('O4: a notify that throws, or a room deleted before the window ends, is logged and never escapes', () => {
    const w = world({
      notify: () => {
        throw new Error('no notification daemon');
      },
    });
    open.push(w.core);
    expect(() => w.knock()).not.toThrow();
    expect(w.logged).toEqual(['knock notification failed']);
    w.knock();
    w.knock();
    w.core.close();
    expect(() => w.hand.advance(2000)).not.toThrow();
    expect(w.logged.length).toBe(2);
  });

  it('stop() cancels the pending windows', () => {
    const w = world();
    open.push(w.core);
    w.knock();
    w.knock();
    expect(w.hand.pending()).toBe(1);
    w.notifier.stop();
    expect(w.hand.pending()).toBe(0);
  });
});
