import fs from 'node:fs';
import type { Ctx } from './context';
import { AppError } from './errors';
import type { Media, MediaKind, Schedule } from './types';

export interface MediaRow {
  id: number;
  kind: MediaKind;
  title: string;
  description: string;
  starts_at: string | null;
  ends_at: string | null;
  time_zone: string | null;
  doors_open_minutes: number;
  contact: string;
  file_path: string | null;
  available: number;
  guest_access: number;
  require_admission: number;
  created_at: string;
  updated_at: string;
}

export function toMedia(r: MediaRow): Media {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    schedule: r.starts_at && r.ends_at && r.time_zone ? { startsAt: r.starts_at, endsAt: r.ends_at, timeZone: r.time_zone } : null,
    doorsOpenMinutes: r.doors_open_minutes,
    contact: r.contact,
    filePath: r.file_path,
    available: r.available === 1,
    guestAccess: r.guest_access === 1,
    requireAdmission: r.require_admission === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Without a choice, the doors open 15 minutes before a scheduled start. */
export const DEFAULT_DOORS_OPEN_MINUTES = 15;
/** After a schedule's end, its links still let people in for this long; then the session has ended. */
export const SESSION_END_GRACE_MS = 30 * 60_000;

/**
 * Where a scheduled entry stands now. No schedule: 'open' (nothing changes).
 * 'early': before the doors open (guests may register, and they wait);
 * 'ended': past the end plus the grace period.
 */
export type SchedulePhase = 'early' | 'open' | 'ended';
export function schedulePhase(m: Pick<Media, 'schedule' | 'doorsOpenMinutes'>, now: Date): SchedulePhase {
  if (!m.schedule) return 'open';
  const t = now.getTime();
  if (t >= Date.parse(m.schedule.endsAt) + SESSION_END_GRACE_MS) return 'ended';
  if (t < Date.parse(m.schedule.startsAt) - m.doorsOpenMinutes * 60_000) return 'early';
  return 'open';
}
/** When the doors open (ISO), for a scheduled entry. */
export function doorsOpenAt(m: Pick<Media, 'schedule' | 'doorsOpenMinutes'>): string | null {
  return m.schedule ? new Date(Date.parse(m.schedule.startsAt) - m.doorsOpenMinutes * 60_000).toISOString() : null;
}

export interface MediaInput {
  kind: MediaKind;
  title: string;
  description?: string;
  schedule?: Schedule | null;
  doorsOpenMinutes?: number;
  contact?: string;
  filePath?: string | null;
  requireAdmission?: boolean;
  available?: boolean;
  guestAccess?: boolean;
}

export type MediaPatch = Partial<Omit<MediaInput, 'kind'>>;

function checkFile(filePath: string | null | undefined): void {
  if (!filePath) return;
  try {
    if (!fs.statSync(filePath).isFile()) throw new Error('not a file');
    fs.accessSync(filePath, fs.constants.R_OK);
  } catch {
    throw new AppError('MEDIA_FILE_NOT_FOUND', `The media file ${filePath} does not exist or cannot be read.`);
  }
}

/** Case and accents don't matter to a search: "ÉTÉ" and "ete" are the same. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

export interface MediaFilter {
  kind?: MediaKind;
  /** Case-insensitive, in any script, in the title or the description. */
  search?: string;
  limit?: number;
  offset?: number;
}

export function mediaModule(ctx: Ctx) {
  // SQLite's lower() folds ASCII only; titles are in any language, and "cafe" should find "Café".
  ctx.db.function('gl_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldForSearch(v) : v));
  const matching = (filter: Pick<MediaFilter, 'kind' | 'search'>) => {
    const q = foldForSearch(filter.search?.trim() ?? '');
    return {
      where: "WHERE (@kind IS NULL OR kind = @kind) AND (@q = '' OR instr(gl_fold(title), @q) > 0 OR instr(gl_fold(description), @q) > 0)",
      params: { kind: filter.kind ?? null, q },
    };
  };

  const row = (id: number) => ctx.stmt('SELECT * FROM media WHERE id = ?').get(id) as MediaRow | undefined;

  const mod = {
    row,
    get(id: number): Media {
      const r = row(id);
      if (!r) throw new AppError('MEDIA_NOT_FOUND', `There is no media entry with ID ${id}.`);
      return toMedia(r);
    },
    /**
     * Newest first. Kind and search are matched in SQL so a page of a large
     * library costs a page: `limit` and `offset` page through the matches.
     */
    list(filter: MediaFilter = {}): Media[] {
      const { where, params } = matching(filter);
      const page = { limit: filter.limit ?? -1, offset: filter.offset ?? 0 };
      const rows = ctx.stmt(`SELECT * FROM media ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all({ ...params, ...page }) as MediaRow[];
      return rows.map(toMedia);
    },
    /** How many entries match, for "50 of 1,200". */
    count(filter: Pick<MediaFilter, 'kind' | 'search'> = {}): number {
      const { where, params } = matching(filter);
      return (ctx.stmt(`SELECT count(*) AS n FROM media ${where}`).get(params) as { n: number }).n;
    },
    create(input: MediaInput, actor: string): Media {
      checkFile(input.filePath);
      if (input.kind === 'channel-room' && input.guestAccess) throw new AppError('GUEST_LINKS_UNSUPPORTED');
      const now = ctx.nowIso();
      const id = ctx.write(() => {
        const info = ctx
          .stmt(
            `INSERT INTO media (kind, title, description, starts_at, ends_at, time_zone, doors_open_minutes, contact, file_path, available, guest_access, require_admission, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.kind,
            input.title,
            input.description ?? '',
            input.schedule?.startsAt ?? null,
            input.schedule?.endsAt ?? null,
            input.schedule?.timeZone ?? null,
            input.doorsOpenMinutes ?? DEFAULT_DOORS_OPEN_MINUTES,
            input.contact ?? '',
            input.filePath ?? null,
            input.available === false ? 0 : 1,
            input.guestAccess ? 1 : 0,
            input.requireAdmission ? 1 : 0,
            now,
            now,
          );
        const id = Number(info.lastInsertRowid);
        ctx.audit({ mediaId: id, actor, action: 'media.created', subjectType: 'media', subjectId: id, details: { kind: input.kind, title: input.title } });
        return id;
      });
      return mod.get(id);
    },
    update(id: number, rawPatch: MediaPatch, actor: string): Media {
      const patch = Object.fromEntries(Object.entries(rawPatch).filter(([, v]) => v !== undefined)) as MediaPatch;
      if (patch.filePath) checkFile(patch.filePath);
      ctx.write(() => {
        const cur = mod.get(id);
        if (cur.kind === 'channel-room' && patch.guestAccess) throw new AppError('GUEST_LINKS_UNSUPPORTED');
        const next = { ...cur, ...patch };
        const schedule = patch.schedule === undefined ? cur.schedule : patch.schedule;
        const filePath = patch.filePath === undefined ? cur.filePath : patch.filePath;
        ctx
          .stmt(
            `UPDATE media SET title = ?, description = ?, starts_at = ?, ends_at = ?, time_zone = ?, doors_open_minutes = ?, contact = ?, file_path = ?,
               available = ?, guest_access = ?, require_admission = ?, updated_at = ? WHERE id = ?`,
          )
          .run(
            next.title,
            next.description,
            schedule?.startsAt ?? null,
            schedule?.endsAt ?? null,
            schedule?.timeZone ?? null,
            next.doorsOpenMinutes,
            next.contact,
            filePath ?? null,
            next.available ? 1 : 0,
            next.guestAccess ? 1 : 0,
            next.requireAdmission ? 1 : 0,
            ctx.nowIso(),
            id,
          );
        const changed: Record<string, unknown> = { ...patch };
        let action = 'media.updated';
        if (Object.keys(changed).length === 1 && 'guestAccess' in changed) action = changed.guestAccess ? 'guest-access.enabled' : 'guest-access.disabled';
        if (Object.keys(changed).length === 1 && 'available' in changed) action = changed.available ? 'media.made-available' : 'media.made-unavailable';
        ctx.audit({ mediaId: id, actor, action, subjectType: 'media', subjectId: id, details: changed });
      });
      return mod.get(id);
    },
  };
  return mod;
}
export type MediaModule = ReturnType<typeof mediaModule>;
