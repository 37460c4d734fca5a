import type { Ctx } from './context';
import { cleanLine } from './text';
import { emailInvisible, emailInvisibleMessage, isValidEmail, normalizeEmail, parsePastedAddresses } from './email';
import { AppError, type ErrorInfo } from './errors';
import type { MediaModule } from './media';
import type { SettingsModule } from './settings';
import { newToken } from './tokens';
import type { MailLang } from './mailSettings';
import type { Invite, InviteMailStatus, InviteRole, InviteStatus } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InviteRow {
  id: number;
  media_id: number;
  email: string;
  display_name: string | null;
  name_locked: number;
  role: InviteRole;
  token: string;
  skip_lobby: number;
  expires_at: string | null;
  views: number;
  submits: number;
  mismatches: number;
  created_at: string;
  last_joined_at: string | null;
  revoked_at: string | null;
  /** The language of its email (migration 7); null: the mail settings' default. */
  lang: MailLang | null;
}

export function inviteUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/i/${token}`;
}

export function inviteStatus(r: InviteRow, now: Date): InviteStatus {
  if (r.revoked_at) return 'revoked';
  if (r.expires_at && Date.parse(r.expires_at) <= now.getTime()) return 'expired';
  if (r.last_joined_at) return 'joined';
  return 'pending';
}

export interface CreateInvitesInput {
  mediaId: number;
  /** Raw addresses: one per entry, or pasted text (lines, commas, "Name <email>"). */
  emails: string[];
  role: InviteRole;
  /** I2: lock the display name to the one given with the address. */
  lockName?: boolean;
  /** I5: skip the lobby; the default comes from settings. */
  skipLobby?: boolean;
  days?: number | null;
  /** The language its email is written in; omitted: the mail settings' default. */
  lang?: MailLang;
}

export type InviteResult = { input: string; ok: true; invite: Invite } | { input: string; ok: false; error: ErrorInfo };

export function invitesModule(ctx: Ctx, media: MediaModule, settings: SettingsModule) {
  const row = (id: number) => ctx.stmt('SELECT * FROM invites WHERE id = ?').get(id) as InviteRow | undefined;
  const mustRow = (id: number) => {
    const r = row(id);
    if (!r) throw new AppError('INVITE_NOT_FOUND', `There is no invite with ID ${id}.`);
    return r;
  };
  const mailStatus = (id: number): InviteMailStatus | null => {
    const m = ctx.stmt('SELECT state, queued_at, sent_at, error FROM invite_sends WHERE invite_id = ?').get(id) as
      | { state: InviteMailStatus['state']; queued_at: string; sent_at: string | null; error: string | null }
      | undefined;
    return m ? { state: m.state, queuedAt: m.queued_at, sentAt: m.sent_at, error: m.error } : null;
  };
  const toInvite = (r: InviteRow, baseUrl: string): Invite => ({
    id: r.id,
    mediaId: r.media_id,
    email: r.email,
    displayName: r.display_name,
    nameLocked: r.name_locked === 1,
    role: r.role,
    token: r.token,
    url: inviteUrl(baseUrl, r.token),
    status: inviteStatus(r, ctx.now()),
    skipLobby: r.skip_lobby === 1,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    lastJoinedAt: r.last_joined_at,
    views: r.views,
    submits: r.submits,
    mismatches: r.mismatches,
    lang: r.lang,
    mail: mailStatus(r.id),
  });

  const mod = {
    row,
    get(id: number): Invite {
      return toInvite(mustRow(id), settings.baseUrl());
    },
    list(mediaId: number): Invite[] {
      media.get(mediaId);
      const base = settings.baseUrl();
      return (ctx.stmt('SELECT * FROM invites WHERE media_id = ? ORDER BY id').all(mediaId) as InviteRow[]).map((r) => toInvite(r, base));
    },
    /** I4: each address gets its own result; bad ones are named, good ones go through. */
    createMany(input: CreateInvitesInput, actor: string): InviteResult[] {
      const parsed = parsePastedAddresses(input.emails);
      if (parsed.length === 0) throw new AppError('EMAILS_REQUIRED');
      const skipLobby = input.skipLobby ?? settings.get().inviteSkipLobbyDefault;
      return ctx.write(() => {
        media.get(input.mediaId);
        /** Each address seen in this batch, and whether it was invited here (the duplicate message says so only when true). */
        const seen = new Map<string, boolean>();
        const results: InviteResult[] = [];
        const now = ctx.now();
        const expiresAt = input.days ? new Date(now.getTime() + input.days * DAY_MS).toISOString() : null;
        for (const p of parsed) {
          const invisible = emailInvisible(p.email);
          if (invisible) {
            results.push({ input: p.input, ok: false, error: { code: 'EMAIL_INVISIBLE_CHARACTER', message: emailInvisibleMessage(p.input, invisible) } });
            continue;
          }
          if (!isValidEmail(p.email)) {
            results.push({ input: p.input, ok: false, error: { code: 'EMAIL_INVALID', message: `“${p.input}” is not a valid email address.` } });
            continue;
          }
          const email = normalizeEmail(p.email);
          if (seen.has(email)) {
            const message = seen.get(email) ? `${p.email.trim()} is listed more than once; it was invited once.` : `${p.email.trim()} is listed more than once.`;
            results.push({ input: p.input, ok: false, error: { code: 'EMAIL_DUPLICATE', message } });
            continue;
          }
          const existing = ctx.stmt('SELECT id FROM invites WHERE media_id = ? AND email = ? AND revoked_at IS NULL').get(input.mediaId, email);
          seen.set(email, !existing);
          if (existing) {
            results.push({ input: p.input, ok: false, error: { code: 'EMAIL_ALREADY_INVITED', message: `${email} already has an active invite for this media entry.` } });
            continue;
          }
          // S6: a moderator-typed name loses control, invisible and direction-changing characters too.
          const displayName = (p.displayName ? cleanLine(p.displayName).trim().slice(0, 100) : '') || null;
          const info = ctx
            .stmt(
              'INSERT INTO invites (media_id, email, display_name, name_locked, role, token, skip_lobby, expires_at, created_at, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(input.mediaId, email, displayName, input.lockName && displayName ? 1 : 0, input.role, newToken(), skipLobby ? 1 : 0, expiresAt, now.toISOString(), input.lang ?? null);
          const id = Number(info.lastInsertRowid);
          ctx.audit({ mediaId: input.mediaId, actor, action: 'invite.created', subjectType: 'invite', subjectId: id, details: { email, role: input.role } });
          results.push({ input: p.input, ok: true, invite: mod.get(id) });
        }
        return results;
      });
    },
    revoke(id: number, actor: string): Invite {
      ctx.write(() => {
        const r = mustRow(id);
        if (r.revoked_at) throw new AppError('INVITE_REVOKED');
        ctx.stmt('UPDATE invites SET revoked_at = ? WHERE id = ?').run(ctx.nowIso(), id);
        ctx.audit({ mediaId: r.media_id, actor, action: 'invite.revoked', subjectType: 'invite', subjectId: id, details: { email: r.email } });
      });
      return mod.get(id);
    },
    setRole(id: number, role: InviteRole, actor: string): Invite {
      ctx.write(() => {
        const r = mustRow(id);
        if (r.revoked_at) throw new AppError('INVITE_REVOKED');
        ctx.stmt('UPDATE invites SET role = ? WHERE id = ?').run(role, id);
        // People already in through this invite take the new role too.
        ctx.stmt("UPDATE participants SET role = ? WHERE invite_id = ? AND state IN ('waiting','admitted')").run(role, id);
        ctx.audit({ mediaId: r.media_id, actor, action: 'invite.role-changed', subjectType: 'invite', subjectId: id, details: { email: r.email, from: r.role, to: role } });
      });
      return mod.get(id);
    },
    setSkipLobby(id: number, skipLobby: boolean, actor: string): Invite {
      ctx.write(() => {
        const r = mustRow(id);
        if (r.revoked_at) throw new AppError('INVITE_REVOKED');
        ctx.stmt('UPDATE invites SET skip_lobby = ? WHERE id = ?').run(skipLobby ? 1 : 0, id);
        ctx.audit({ mediaId: r.media_id, actor, action: 'invite.lobby-changed', subjectType: 'invite', subjectId: id, details: { email: r.email, skipLobby } });
      });
      return mod.get(id);
    },
  };
  return mod;
}
export type InvitesModule = ReturnType<typeof invitesModule>;
