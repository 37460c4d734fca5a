import type { Ctx } from './context';
import type { MediaModule } from './media';
import type { AuditEntry } from './types';

export function auditModule(ctx: Ctx, media: MediaModule) {
  return {
    /** O3: the audit log of one media entry, oldest first. */
    list(mediaId: number): AuditEntry[] {
      media.get(mediaId);
      const rows = ctx.stmt('SELECT * FROM audit_log WHERE media_id = ? ORDER BY id').all(mediaId) as {
        id: number;
        media_id: number | null;
        at: string;
        actor: string;
        action: string;
        subject_type: string;
        subject_id: number | null;
        details: string;
      }[];
      return rows.map((r) => ({
        id: r.id,
        mediaId: r.media_id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        details: JSON.parse(r.details) as Record<string, unknown>,
      }));
    },
  };
}
export type AuditModule = ReturnType<typeof auditModule>;
