// Pure (no Node imports): the New media dialog and `guestlist media add` both
// use this, so a media entry made without saying gets the same lobby
// whichever way it was made.
import type { MediaKind } from './types';

/**
 * Whether guests wait for a moderator by default, per kind. Live rooms have a
 * moderator present to admit people, so they get a lobby. On-demand media has
 * nobody watching a lobby, so it has none unless asked for (a guest would
 * otherwise wait for someone who isn't there).
 */
export const LOBBY_DEFAULT: Readonly<Record<MediaKind, boolean>> = {
  media: false,
  room: true,
  'gallery-room': true,
  'channel-room': true,
};

export function defaultRequireAdmission(kind: string): boolean {
  return (LOBBY_DEFAULT as Record<string, boolean | undefined>)[kind] ?? false;
}
