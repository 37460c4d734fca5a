// V2, V7: the moderator's live actions, as data: "let speak" is a row
// (for this session only), and every action is an audit entry, whose event
// (live.changed) reaches the process serving guests however it was made (the
// app, an invited moderator's browser, or the CLI).
import crypto from 'node:crypto';
import type { Ctx } from './context';
import { AppError } from './errors';
import type { InvitesModule } from './invites';
import type { MediaModule } from './media';
import type { ParticipantsModule } from './participants';

/** The app's own moderator seat in a room (an invite like any other, so every rule applies to it too). */
export const APP_MODERATOR_EMAIL = 'moderator@app.guestlist.invalid';
export const APP_MODERATOR_NAME = 'Moderator (this app)';
const JOIN_CODE_SECONDS = 60;
const hash = (code: string) => crypto.createHash('sha256').update(code).digest('hex');

export function liveModule(ctx: Ctx, participants: ParticipantsModule, media: MediaModule, invites: InvitesModule) {
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
    /**
     * V7: "Join live session" from the app, without typing an email. Makes (once)
     * the app's moderator invite for this room, and a one-time code, valid 60 s,
     * that the listener's /a/CODE route trades for that invite's session.
     */
    appJoinCode(mediaId: number, actor: string): { code: string } {
      const m = media.get(mediaId);
      if (m.kind === 'media') throw new AppError('INVALID_INPUT', 'This media entry has no live session (only rooms do).');
      return ctx.write(() => {
        let invite = invites.list(mediaId).find((i) => i.email === APP_MODERATOR_EMAIL && i.status !== 'revoked' && i.status !== 'expired');
        if (!invite) {
          const [r] = invites.createMany({ mediaId, emails: [`${APP_MODERATOR_NAME} <${APP_MODERATOR_EMAIL}>`], role: 'moderator', lockName: true, skipLobby: true, days: null }, actor);
          if (!r || !r.ok) throw new AppError('INTERNAL', `The app's moderator seat could not be made: ${r && !r.ok ? r.error.message : 'no result'}`);
          invite = r.invite;
        }
        const code = crypto.randomBytes(32).toString('base64url');
        ctx.stmt('DELETE FROM live_join_codes WHERE expires_at < ?').run(ctx.nowIso());
        ctx.stmt('INSERT INTO live_join_codes (code_hash, invite_id, expires_at) VALUES (?, ?, ?)').run(hash(code), invite.id, new Date(ctx.now().getTime() + JOIN_CODE_SECONDS * 1000).toISOString());
        return { code };
      });
    },
    /** Trades a join code for its invite's token and email, once. */
    redeemJoinCode(code: string): { token: string; email: string } | null {
      if (!/^[A-Za-z0-9_-]{43}$/.test(code)) return null;
      return ctx.write(() => {
        const row = ctx.stmt('DELETE FROM live_join_codes WHERE code_hash = ? RETURNING invite_id AS inviteId, expires_at AS expiresAt').get(hash(code)) as { inviteId: number; expiresAt: string } | undefined;
        if (!row || row.expiresAt < ctx.nowIso()) return null;
        const invite = ctx.stmt('SELECT token, email FROM invites WHERE id = ?').get(row.inviteId) as { token: string; email: string } | undefined;
        return invite ?? null;
      });
    },
    /** The permission ends when the person leaves the room (called by whoever sees them go). */
    forget(participantId: number): void {
      ctx.write(() => ctx.stmt('DELETE FROM live_speakers WHERE participant_id = ?').run(participantId));
    },
  };
  return mod;
}
export type LiveModule = ReturnType<typeof liveModule>;
