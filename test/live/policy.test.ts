// V2, V3: the pure parts of the live session: who may ask what (the policy
// table), and the Janus configuration the host writes.
import { describe, expect, it } from 'vitest';
import type { Participant } from '../../src-main/core/types';
import { mediaAddresses, noMediaAddressReason } from '../../src-main/live/addresses';
import { janusConfigFiles } from '../../src-main/live/janusConfig';
import { decide, LIVE_POLICY, LIVE_REQUESTS, liveStanding } from '../../src-main/live/policy';

const person = (over: Partial<Participant>): Participant => ({
  id: 1,
  mediaId: 1,
  name: 'Ana',
  email: 'ana@example.org',
  role: 'guest',
  state: 'admitted',
  source: { kind: 'guest-link', linkId: 1, linkName: 'Everyone' },
  handRaised: false,
  knockedAt: '',
  joinedAt: '',
  updatedAt: '',
  leftReason: null,
  pageOpen: true,
  ...over,
});
const invitee = (role: 'viewer' | 'speaker' | 'moderator') => person({ role, source: { kind: 'invite', inviteId: 1, email: 'ana@example.org' } });
const current = { sessionCurrent: true, inviteGood: true, letSpeak: false };

describe('V2: the live policy table', () => {
  it('V2: a listener may only receive; a sender may also publish', () => {
    for (const r of LIVE_REQUESTS) expect(LIVE_POLICY.sender[r]).toBe(true);
    expect(LIVE_REQUESTS.filter((r) => LIVE_POLICY.listener[r])).toEqual(['subscribe', 'start', 'unsubscribe', 'trickle', 'unpublish']);
  });

  it('V2: viewers and guest-link guests listen; speakers and moderators send; G8: a guest-link guest never sends by role', () => {
    expect(liveStanding(person({}), current).maySend).toBe(false);
    expect(liveStanding(person({ role: 'moderator' }), current).maySend).toBe(false); // a role on a guest-link row means nothing
    expect(liveStanding(invitee('viewer'), current).maySend).toBe(false);
    expect(liveStanding(invitee('speaker'), current).maySend).toBe(true);
    expect(liveStanding(invitee('moderator'), current).maySend).toBe(true);
  });

  it('V2: "let speak" lets a guest or a viewer send, for as long as it lasts', () => {
    expect(liveStanding(person({}), { ...current, letSpeak: true }).maySend).toBe(true);
    expect(decide(liveStanding(invitee('viewer'), { ...current, letSpeak: true }), 'publish')).toEqual({ ok: true });
  });

  it('S5: a revoked invite, another session or leaving the room takes the powers away', () => {
    expect(liveStanding(invitee('speaker'), { ...current, inviteGood: false }).maySend).toBe(false);
    expect(decide(liveStanding(invitee('speaker'), { ...current, sessionCurrent: false }), 'subscribe')).toMatchObject({ ok: false, code: 'LIVE_NOT_IN_ROOM' });
    expect(decide(liveStanding(invitee('speaker', ), current), 'publish')).toEqual({ ok: true });
    expect(decide(liveStanding(person({ state: 'removed' }), current), 'subscribe')).toMatchObject({ ok: false, code: 'LIVE_NOT_IN_ROOM' });
    expect(decide(liveStanding(null, current), 'subscribe')).toMatchObject({ ok: false });
  });
});

describe('V3: the Janus configuration', () => {
  const files = janusConfigFiles({ dir: '/run/x', wsPort: 45678, apiSecret: 'api-s3cret', adminKey: 'adm1n', rtpPorts: { min: 40000, max: 40999 }, iceEnforce: ['10.0.0.5'] });
  it('V3: only the VideoRoom plugin and the WebSockets transport, on 127.0.0.1, with the run\'s secrets and a bounded RTP range', () => {
    expect(Object.keys(files).sort()).toEqual(['janus.jcfg', 'janus.plugin.videoroom.jcfg', 'janus.transport.websockets.jcfg']);
    const ws = files['janus.transport.websockets.jcfg']!;
    expect(ws).toContain('ws_ip = "127.0.0.1"');
    expect(ws).toContain('ws_port = 45678');
    expect(ws).toContain('admin_ws = false');
    expect(ws).toContain('wss = false');
    const main = files['janus.jcfg']!;
    expect(main).toContain('api_secret = "api-s3cret"');
    expect(main).toContain('plugins_folder = "/run/x/plugins"');
    expect(main).toContain('rtp_port_range = "40000-40999"');
    expect(main).toContain('ice_enforce_list = "10.0.0.5"');
    const vr = files['janus.plugin.videoroom.jcfg']!;
    expect(vr).toContain('admin_key = "adm1n"');
    expect(vr).toContain('lock_rtp_forward = true');
  });
  it('V3: a value with a quote cannot break out of its string', () => {
    const f = janusConfigFiles({ dir: '/run/"x', wsPort: 1, apiSecret: 'a"b\\c', adminKey: 'k', rtpPorts: { min: 1, max: 2 }, iceEnforce: [] });
    expect(f['janus.jcfg']).toContain('api_secret = "a\\"b\\\\c"');
    expect(f['janus.jcfg']).not.toContain('ice_enforce_list');
  });
});

describe('V6: the addresses the engine offers guests', () => {
  const nics = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
    ],
    wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false }],
    vmnet8: [{ address: '172.16.5.1', family: 'IPv4', internal: false }],
  } as unknown as Parameters<typeof mediaAddresses>[1];
  it('V6: every non-loopback address (no link-local, no VM bridge); "my network" only the LAN address', () => {
    expect(mediaAddresses([], nics)).toEqual(['192.168.1.20', '10.0.0.7']);
    expect(mediaAddresses(['10.0.0.7'], nics)).toEqual(['10.0.0.7']);
  });
  it('V6: with loopback alone, the app says live media needs a network', () => {
    expect(mediaAddresses([], { lo: nics!.lo })).toEqual([]);
    expect(noMediaAddressReason([])).toMatch(/no network connection other than loopback/);
    expect(noMediaAddressReason(['10.0.0.7'])).toBe(null);
  });
});
