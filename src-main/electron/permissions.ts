// Process: main (pure). Permission requests are denied unless listed here (S4).
// The app asks for nothing: clipboard and notifications are done in main, so
// the renderer never needs a permission. Kept as a list so a change is visible.

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>([]);

export interface PermissionDecision {
  permission: string;
  allowed: boolean;
  reason: string;
}

export function decidePermission(permission: string, requestingUrl: string, trustedOrigin: boolean): PermissionDecision {
  if (!trustedOrigin) return { permission, allowed: false, reason: `untrusted origin ${safeOrigin(requestingUrl)}` };
  if (ALLOWED_PERMISSIONS.has(permission)) return { permission, allowed: true, reason: 'on the allow-list' };
  return { permission, allowed: false, reason: 'not on the allow-list' };
}

function safeOrigin(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return '(unparseable)';
  }
}

/**
 * An http(s) URL's exact origin (scheme, host and port; a default port is
 * dropped, as browsers do), or null for anything else (opaque, file:, junk).
 */
export function exactOrigin(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** V7: what the live window may use: camera and microphone, nothing else. */
export const LIVE_MEDIA_TYPES: ReadonlySet<string> = new Set(['audio', 'video']);

/**
 * V7: the live window's session (the app's own moderator in its room page).
 * 'media' (camera and microphone) is granted only to the listener's own
 * origin (the `origin` live.join answered with), compared exactly: scheme,
 * host and port. Every other permission, origin or media type is denied.
 * `mediaTypes` is what the request names (Electron's details.mediaTypes, or
 * the check's one mediaType); a request that names none is denied too.
 */
export function decideLivePermission(permission: string, requestingUrl: string, liveOrigin: string, mediaTypes: readonly string[]): PermissionDecision {
  const want = exactOrigin(liveOrigin);
  const from = exactOrigin(requestingUrl);
  if (!want || from !== want) return { permission, allowed: false, reason: `not the live session's origin (${from ?? '(unparseable)'})` };
  if (permission !== 'media') return { permission, allowed: false, reason: 'only camera and microphone are allowed' };
  if (mediaTypes.length === 0 || !mediaTypes.every((t) => LIVE_MEDIA_TYPES.has(t))) return { permission, allowed: false, reason: `media type ${mediaTypes.join(',') || '(none)'} not allowed` };
  return { permission, allowed: true, reason: "the live session's camera and microphone" };
}
