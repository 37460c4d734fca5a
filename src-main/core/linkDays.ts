// Pure (no Node imports): the Edit link dialog uses it too.
const DAY_MS = 24 * 60 * 60 * 1000;

/** The duration in whole days a link was given (G3: expiry = creation + days), or null for none. */
export function linkDays(link: { createdAt: string; expiresAt: string | null }): number | null {
  if (!link.expiresAt) return null;
  return Math.max(1, Math.round((Date.parse(link.expiresAt) - Date.parse(link.createdAt)) / DAY_MS));
}
