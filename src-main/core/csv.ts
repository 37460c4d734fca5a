import type { GuestLink, Invite } from './types';

/**
 * RFC 4180 quoting, plus a guard against formula injection: a cell a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with '.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}

/** O1: links and invites of one media entry, one CSV. */
export function linksAndInvitesCsv(links: readonly GuestLink[], invites: readonly Invite[]): string {
  const lines = [csvRow(['type', 'name_or_email', 'role', 'url', 'state', 'uses', 'limit', 'expires_at', 'created_at', 'last_joined_at'])];
  for (const l of links) lines.push(csvRow(['guest-link', l.name, '', l.url, l.state, l.uses, l.maxUses ?? 'unlimited', l.expiresAt ?? '', l.createdAt, '']));
  for (const i of invites) lines.push(csvRow(['invite', i.email, i.role, i.url, i.status, '', '', i.expiresAt ?? '', i.createdAt, i.lastJoinedAt ?? '']));
  return `${lines.join('\r\n')}\r\n`;
}

export function csvFileName(title: string, id: number): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return `guestlist-${slug || 'media'}-${id}.csv`;
}
