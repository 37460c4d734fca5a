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
