// V2, V7: the moderator's live actions, as data: "let speak" is a row
// (for this session only), and every action is an audit entry, whose event
// (live.changed) reaches the process serving guests however it was made (the
// app, an invited moderator's browser, or the CLI).
import type { Ctx } from './context';
import { AppError } from './errors';
import type { ParticipantsModule } from './participants';

export function liveModule(ctx: Ctx, participants: ParticipantsModule) {
  const admitted = (participantId: number) => {
    const p = participants.find(participantId);
    if (!p) throw new AppError('PARTICIPANT_NOT_FOUND');
    if (p.state !== 'admitted') throw new AppError('PARTICIPANT_STATE', 'That person is not in the room.');
    return p;
  };
  const mod = {
    /** Whether a moderator let this person speak in the current session. */
    maySpeak(participantId: number): boolean {
      return !!ctx.stmt('SELECT 1 FROM live_speakers WHERE participant_id = ?').get(participantId);
    },
    speakers(mediaId: number): number[] {
      return (ctx.stmt('SELECT participant_id AS id FROM live_speakers WHERE media_id = ? ORDER BY participant_id').all(mediaId) as { id: number }[]).map((r) => r.id);
    },
    /** Let a person speak (true) or stop them (false). A no-op when nothing changes; audited otherwise. */
    setSpeak(participantId: number, allowed: boolean, actor: string): { participantId: number; maySpeak: boolean } {
      const p = admitted(participantId);
      ctx.write(() => {
        const had = mod.maySpeak(participantId);
        if (had === allowed) return;
        if (allowed) ctx.stmt('INSERT INTO live_speakers (participant_id, media_id, granted_at) VALUES (?, ?, ?)').run(participantId, p.mediaId, ctx.nowIso());
        else ctx.stmt('DELETE FROM live_speakers WHERE participant_id = ?').run(participantId);
        ctx.audit({ mediaId: p.mediaId, actor, action: allowed ? 'live.let-speak' : 'live.stop-speak', subjectType: 'participant', subjectId: participantId, details: { name: p.name } });
      });
      return { participantId, maySpeak: allowed };
    },
    /** Mutes a person's microphone and camera for everyone, on the server. */
    mute(participantId: number, actor: string): { participantId: number } {
      const p = admitted(participantId);
      ctx.write(() => ctx.audit({ mediaId: p.mediaId, actor, action: 'live.muted', subjectType: 'participant', subjectId: participantId, details: { name: p.name } }));
      return { participantId };
    },
    muteAll(mediaId: number, actor: string): { mediaId: number } {
      ctx.write(() => ctx.audit({ mediaId, actor, action: 'live.muted-all', subjectType: 'live', subjectId: mediaId }));
      return { mediaId };
    },
    /** Ends the live session for everyone; the next admission starts a new one. Links and invites are untouched. */
    end(mediaId: number, actor: string): { mediaId: number } {
      ctx.write(() => {
        ctx.stmt('DELETE FROM live_speakers WHERE media_id = ?').run(mediaId);
        ctx.audit({ mediaId, actor, action: 'live.ended', subjectType: 'live', subjectId: mediaId });
      });
      return { mediaId };
    },
    /** The permission ends when the person leaves the room (called by whoever sees them go). */
    forget(participantId: number): void {
      ctx.write(() => ctx.stmt('DELETE FROM live_speakers WHERE participant_id = ?').run(participantId));
    },
  };
  return mod;
}
export type LiveModule = ReturnType<typeof liveModule>;
