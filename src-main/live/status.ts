// V5, V7: the live engine's state and each room's live numbers, written by
// the process that serves guests to `live.json` in the data folder (as
// `listener.json` records the listener's address), so `guestlist live status`
// and the app read the same figures from any process.
import fs from 'node:fs';
import path from 'node:path';
import type { EngineStatus } from './engine';

/** V7: one person's live state, for the moderator's lists. */
export interface LivePerson {
  participantId: number;
  /** Their page is connected to the live session. */
  connected: boolean;
  /** Sending audio / video (their own switches; a moderator's mute is mutedByModerator). */
  audio: boolean;
  video: boolean;
  publishing: boolean;
  mutedByModerator: boolean;
  /** Let speak by a moderator, for this session. */
  letSpeak: boolean;
}

export interface LiveRoomNumbers {
  mediaId: number;
  /** People whose page is connected to the live session. */
  connected: number;
  /** People sending audio or video. */
  publishing: number;
  /** Each person connected to the live session or let speak. */
  people?: LivePerson[];
}

export interface LiveStatus {
  engine: EngineStatus;
  /** Whether the process that wrote this is still running (false: the figures are from a process that ended). */
  running: boolean;
  updatedAt: string | null;
  rooms: LiveRoomNumbers[];
}

const FILE = 'live.json';

export function writeLiveStatus(dataDir: string, status: Omit<LiveStatus, 'running' | 'updatedAt'>): void {
  const file = path.join(dataDir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...status, pid: process.pid, updatedAt: new Date().toISOString() }));
  fs.renameSync(tmp, file);
}

function alive(pid: unknown): boolean {
  if (typeof pid !== 'number') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLiveStatus(dataDir: string, mediaId?: number): LiveStatus {
  const none: LiveStatus = {
    engine: { state: 'off', source: 'none', reason: 'Nothing is serving guests from this data folder right now (start the app or `guestlist serve`).' },
    running: false,
    updatedAt: null,
    rooms: [],
  };
  let raw: { engine: EngineStatus; rooms: LiveRoomNumbers[]; pid: number; updatedAt: string };
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8'));
  } catch {
    return none;
  }
  if (!alive(raw.pid)) return none;
  const rooms = mediaId === undefined ? raw.rooms : raw.rooms.filter((r) => r.mediaId === mediaId);
  return { engine: raw.engine, running: true, updatedAt: raw.updatedAt, rooms: mediaId !== undefined && rooms.length === 0 ? [{ mediaId, connected: 0, publishing: 0 }] : rooms };
}
