// V6: TURN for guests across the internet. The credentials are the TURN REST
// API scheme coturn checks with use-auth-secret, checked here against openssl
// (not against the same code); the settings keep the shared secret to
// themselves; Janus's nat section gets its own 30-day credentials. No TURN
// server was tried (no internet here): only the credentials and configuration.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src-main/core/errors';
import { checkTurnServer } from '../../src-main/core/liveSettings';
import { janusConfigFiles } from '../../src-main/live/janusConfig';
import { BuiltInJanus, janusTurn } from '../../src-main/live/janusProcess';
import { turnCredentials } from '../../src-main/live/turn';
import { opensslHmacSha1 } from '../helpers/openssl';
import { ACTOR, tmpCore, tmpDir } from '../helpers/tmp';

const hasJanus = spawnSync('sh', ['-c', 'command -v janus'], { encoding: 'utf8' }).status === 0;

describe('V6: TURN credentials (use-auth-secret)', () => {
  it('V6: the username is EXPIRY:NAME and the credential is base64(HMAC-SHA1(secret, username)), as openssl computes it', () => {
    const now = Date.parse('2026-06-01T09:00:00.000Z');
    const c = turnCredentials('n0t-so-s3cret', { ttlSeconds: 12 * 3600, now, name: 'guestlist' });
    expect(c.username).toBe(`${now / 1000 + 12 * 3600}:guestlist`);
    expect(c.credential).toBe(opensslHmacSha1('n0t-so-s3cret', c.username));
    // Another secret, another credential; another time, another username.
    expect(turnCredentials('other', { ttlSeconds: 12 * 3600, now, name: 'guestlist' }).credential).not.toBe(c.credential);
    expect(turnCredentials('n0t-so-s3cret', { ttlSeconds: 60, now, name: 'guestlist' }).username).toBe(`${now / 1000 + 60}:guestlist`);
  });

  it('V6: Janus gets 30-day credentials in its nat section, under the option names of Janus 1.1’s janus.jcfg', () => {
    const now = Date.parse('2026-06-01T09:00:00.000Z');
    const turn = janusTurn({ host: 'turn.example.org', port: 5349, type: 'tls', secret: 'sh4red' }, now);
    const expiry = now / 1000 + 30 * 24 * 3600;
    expect(turn).toEqual({ host: 'turn.example.org', port: 5349, type: 'tls', user: `${expiry}:guestlist-janus`, pwd: opensslHmacSha1('sh4red', `${expiry}:guestlist-janus`) });
    const main = janusConfigFiles({ dir: '/run/x', wsPort: 1, apiSecret: 'a', adminKey: 'k', rtpPorts: { min: 1, max: 2 }, iceEnforce: [], stun: { host: 'stun.example.org', port: 3478 }, turn })['janus.jcfg']!;
    const nat = /nat: \{\n([^}]*)\}/.exec(main)![1]!;
    expect(nat).toContain('\tstun_server = "stun.example.org"\n\tstun_port = 3478\n');
    expect(nat).toContain(`\tturn_server = "turn.example.org"\n\tturn_port = 5349\n\tturn_type = "tls"\n\tturn_user = "${expiry}:guestlist-janus"\n\tturn_pwd = "${turn.pwd}"\n`);
    expect(main).not.toContain('sh4red');
    const none = janusConfigFiles({ dir: '/run/x', wsPort: 1, apiSecret: 'a', adminKey: 'k', rtpPorts: { min: 1, max: 2 }, iceEnforce: [] })['janus.jcfg']!;
    expect(none).not.toContain('turn_');
  });
});

describe.skipIf(!hasJanus)('V6: the real Janus reads the TURN lines', () => {
  it('V6: the built-in Janus starts with a TURN server in its nat section (an address: nothing there answers, none is needed to start)', async () => {
    const j = new BuiltInJanus({ runtimeDir: tmpDir('guestlist-janus-turn-'), turn: { host: '127.0.0.1', port: 3478, type: 'udp', secret: 'sh4red' } });
    try {
      expect((await j.endpoint()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await j.stop();
    }
  });
});

describe.skipIf(!hasJanus)('V6: a STUN or TURN name that does not resolve', () => {
  it('V6: Janus starts without it and the log says which server was left out (no DNS query leaves this machine: the resolver is the test\'s)', async () => {
    const logged: string[] = [];
    const asked: string[] = [];
    const j = new BuiltInJanus({
      runtimeDir: tmpDir('guestlist-janus-turn-'),
      stun: { host: 'stun.example.invalid', port: 3478 },
      turn: { host: 'turn.example.invalid', port: 3478, type: 'udp', secret: 'sh4red' },
      resolveHost: async (host) => (asked.push(host), false),
      log: (m) => logged.push(m),
    });
    try {
      expect((await j.endpoint()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await j.stop();
    }
    expect(asked).toEqual(['stun.example.invalid', 'turn.example.invalid']);
    expect(logged.some((m) => m.includes('TURN server turn.example.invalid does not resolve'))).toBe(true);
    expect(logged.some((m) => m.includes('STUN server stun.example.invalid does not resolve'))).toBe(true);
  });
});

describe('V6: the TURN settings', () => {
  it('V6: turn: and turns: URLs, with an optional transport and IPv6 in brackets; anything else is refused with a sentence', () => {
    expect(checkTurnServer('turn:turn.example.org:3478')).toEqual({ url: 'turn:turn.example.org:3478', host: 'turn.example.org', port: 3478, type: 'udp' });
    expect(checkTurnServer(' turn:203.0.113.7:3478?transport=tcp ')).toMatchObject({ url: 'turn:203.0.113.7:3478?transport=tcp', type: 'tcp' });
    expect(checkTurnServer('turn:[2001:db8::7]:3478?transport=udp')).toMatchObject({ host: '2001:db8::7', port: 3478, type: 'udp' });
    expect(checkTurnServer('turns:turn.example.org:5349')).toMatchObject({ port: 5349, type: 'tls' });
    for (const bad of ['turn.example.org:3478', 'turn:turn.example.org', 'stun:turn.example.org:3478', 'turn:turn.example.org:0', 'turn:turn.example.org:3478?transport=tls', 'turn:user@host:3478']) {
      let error: unknown;
      try {
        checkTurnServer(bad);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code, bad).toBe('SETTING_INVALID');
      expect((error as Error).message).toMatch(/^The TURN server must be turn:host:port or turns:host:port/);
    }
  });

  it('V6: the secret is stored but never returned, masked in the audit; a TURN server without it is refused', () => {
    const core = tmpCore();
    expect(core.liveSettings.get()).toMatchObject({ turnServer: null, turnSecretSet: false });
    expect(() => core.liveSettings.set({ turnServer: 'turn:turn.example.org:3478' }, ACTOR)).toThrow(/A TURN server needs its shared secret/);
    // The secret alone is fine (kept for later).
    expect(core.liveSettings.set({ turnSecret: 'sh4red-s3cret' }, ACTOR)).toMatchObject({ turnServer: null, turnSecretSet: true });
    const s = core.liveSettings.set({ turnServer: 'turn:turn.example.org:3478' }, ACTOR);
    expect(s).toEqual(expect.objectContaining({ turnServer: 'turn:turn.example.org:3478', turnSecretSet: true }));
    expect(JSON.stringify(s)).not.toContain('sh4red');
    expect(core.liveSettings.secrets().turnSecret).toBe('sh4red-s3cret');
    // Removing the secret while a server is named is refused; both at once is fine.
    expect(() => core.liveSettings.set({ turnSecret: null }, ACTOR)).toThrow(/A TURN server needs its shared secret/);
    expect(core.liveSettings.set({ turnServer: null, turnSecret: null }, ACTOR)).toMatchObject({ turnServer: null, turnSecretSet: false });
    const audit = core.db.prepare("SELECT details FROM audit_log WHERE action = 'settings.changed' ORDER BY id").all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ turnSecret: '(changed)' }, { turnServer: 'turn:turn.example.org:3478' }, { turnServer: null, turnSecret: '(changed)' }]);
    expect(audit.map((a) => a.details).join('')).not.toContain('sh4red');
    core.close();
  });
});
