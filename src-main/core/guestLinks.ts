import type { Ctx } from './context';
import { AppError } from './errors';
import type { MediaModule, MediaRow } from './media';
import type { SettingsModule } from './settings';
import { linkDays } from './linkDays';
import { newToken } from './tokens';
import type { GuestLink, GuestLinkState } from './types';

export const MAX_GUEST_LINKS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface GuestLinkRow {
  id: number;
  media_id: number;
  name: string;
  token: string;
  max_uses: number | null;
  uses: number;
  expires_at: string | null;
  views: number;
  submits: number;
  created_at: string;
  deleted_at: string | null;
}

export function guestLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/g/${token}`;
}

/** The single place that decides whether a guest link admits new guests. */
export function guestLinkState(link: GuestLinkRow, media: Pick<MediaRow, 'available' | 'guest_access' | 'kind'>, now: Date): GuestLinkState {
  if (link.deleted_at) return 'deleted';
  if (media.available !== 1) return 'media-unavailable';
  if (media.guest_access !== 1 || media.kind === 'channel-room') return 'guest-access-off';
  if (link.expires_at && Date.parse(link.expires_at) <= now.getTime()) return 'expired';
  if (link.max_uses !== null && link.uses >= link.max_uses) return 'no-clicks-left';
  return 'active';
}

export interface CreateLinkInput {
  mediaId: number;
  name: string;
  clicks?: number | null;
  days?: number | null;
}

export interface EditLinkInput {
  name?: string;
  /** A new click limit; null removes it. */
  clicks?: number | null;
  /** A new duration in days from the link's creation (G3); null removes the expiry. */
  days?: number | null;
}


export function guestLinksModule(ctx: Ctx, media: MediaModule, settings: SettingsModule) {
  const row = (id: number) => ctx.stmt('SELECT * FROM guest_links WHERE id = ?').get(id) as GuestLinkRow | undefined;
  const toLink = (r: GuestLinkRow, m: MediaRow, baseUrl: string): GuestLink => ({
    id: r.id,
    mediaId: r.media_id,
    name: r.name,
    token: r.token,
    url: guestLinkUrl(baseUrl, r.token),
    maxUses: r.max_uses,
    uses: r.uses,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
    state: guestLinkState(r, m, ctx.now()),
    views: r.views,
    submits: r.submits,
  });
  const mustRow = (id: number) => {
    const r = row(id);
    if (!r) throw new AppError('LINK_NOT_FOUND', `There is no guest link with ID ${id}.`);
    return r;
  };

  const mod = {
    row,
    get(id: number): GuestLink {
      const r = mustRow(id);
      return toLink(r, media.row(r.media_id)!, settings.baseUrl());
    },
    /** Live links of a media entry (deleted ones are gone from the list, G7). */
    list(mediaId: number, opts: { includeDeleted?: boolean } = {}): GuestLink[] {
      const m = media.row(mediaId);
      if (!m) throw new AppError('MEDIA_NOT_FOUND', `There is no media entry with ID ${mediaId}.`);
      const rows = ctx
        .stmt(`SELECT * FROM guest_links WHERE media_id = ? ${opts.includeDeleted ? '' : 'AND deleted_at IS NULL'} ORDER BY id`)
        .all(mediaId) as GuestLinkRow[];
      const base = settings.baseUrl();
      return rows.map((r) => toLink(r, m, base));
    },
    create(input: CreateLinkInput, actor: string): GuestLink {
      const id = ctx.write(() => {
        const m = media.row(input.mediaId);
        if (!m) throw new AppError('MEDIA_NOT_FOUND', `There is no media entry with ID ${input.mediaId}.`);
        if (m.kind === 'channel-room') throw new AppError('GUEST_LINKS_UNSUPPORTED');
        const { n } = ctx.stmt('SELECT count(*) AS n FROM guest_links WHERE media_id = ? AND deleted_at IS NULL').get(input.mediaId) as { n: number };
        if (n >= MAX_GUEST_LINKS) throw new AppError('GUEST_LINK_LIMIT');
        const now = ctx.now();
        const expiresAt = input.days ? new Date(now.getTime() + input.days * DAY_MS).toISOString() : null;
        const info = ctx
          .stmt('INSERT INTO guest_links (media_id, name, token, max_uses, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(input.mediaId, input.name, newToken(), input.clicks ?? null, expiresAt, now.toISOString());
        const id = Number(info.lastInsertRowid);
        ctx.audit({ mediaId: input.mediaId, actor, action: 'link.created', subjectType: 'guest-link', subjectId: id, details: { name: input.name, clicks: input.clicks ?? null, days: input.days ?? null } });
        return id;
      });
      return mod.get(id);
    },
    /**
     * G11: rename, re-limit or change the duration in place. The token (and
     * so the URL) stays. The duration counts from the link's creation, like
     * on create, so raising it can bring an expired link back; raising the
     * limit brings back a used-up one. A limit under the clicks already used
     * is refused.
     */
    edit(id: number, input: EditLinkInput, actor: string): GuestLink {
      ctx.write(() => {
        const r = mustRow(id);
        if (r.deleted_at) throw new AppError('LINK_DELETED');
        if (input.name === undefined && input.clicks === undefined && input.days === undefined) throw new AppError('NOTHING_TO_CHANGE', 'Say what to change: the name, the click limit or the duration.');
        const name = input.name ?? r.name;
        const maxUses = input.clicks === undefined ? r.max_uses : input.clicks;
        if (maxUses !== null && maxUses < r.uses) {
          throw new AppError('CLICKS_BELOW_USES', `This link has already been used ${r.uses} time${r.uses === 1 ? '' : 's'}, so its limit can't be lower than ${r.uses}.`);
        }
        const expiresAt =
          input.days === undefined ? r.expires_at : input.days === null ? null : new Date(Date.parse(r.created_at) + input.days * DAY_MS).toISOString();
        const before = { name: r.name, clicks: r.max_uses, days: linkDays({ createdAt: r.created_at, expiresAt: r.expires_at }) };
        const after = { name, clicks: maxUses, days: linkDays({ createdAt: r.created_at, expiresAt }) };
        ctx.stmt('UPDATE guest_links SET name = ?, max_uses = ?, expires_at = ? WHERE id = ?').run(name, maxUses, expiresAt, id);
        ctx.audit({ mediaId: r.media_id, actor, action: 'link.edited', subjectType: 'guest-link', subjectId: id, details: { name, before, after } });
      });
      return mod.get(id);
    },
    /** G7: final and immediate. The token stops working at once. */
    delete(id: number, actor: string): GuestLink {
      ctx.write(() => {
        const r = mustRow(id);
        if (r.deleted_at) throw new AppError('LINK_DELETED');
        ctx.stmt('UPDATE guest_links SET deleted_at = ? WHERE id = ?').run(ctx.nowIso(), id);
        ctx.audit({ mediaId: r.media_id, actor, action: 'link.deleted', subjectType: 'guest-link', subjectId: id, details: { name: r.name } });
      });
      return mod.get(id);
    },
    /** A new token for the same link; the old URL then denies as deleted. Uses and limits stay. */
    rotate(id: number, actor: string): GuestLink {
      ctx.write(() => {
        const r = mustRow(id);
        if (r.deleted_at) throw new AppError('LINK_DELETED');
        ctx.stmt("INSERT INTO retired_tokens (token, media_id, kind, retired_at) VALUES (?, ?, 'guest-link', ?)").run(r.token, r.media_id, ctx.nowIso());
        ctx.stmt('UPDATE guest_links SET token = ? WHERE id = ?').run(newToken(), id);
        ctx.audit({ mediaId: r.media_id, actor, action: 'link.rotated', subjectType: 'guest-link', subjectId: id, details: { name: r.name } });
      });
      return mod.get(id);
    },
  };
  return mod;
}
export type GuestLinksModule = ReturnType<typeof guestLinksModule>;
