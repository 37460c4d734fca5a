import type { Ctx } from './context';
import { AppError } from './errors';
import { cleanMessage } from './text';
import type { ParticipantsModule } from './participants';
import type { ChatMessage } from './types';

export const CHAT_MAX = 1000;

export function chatModule(ctx: Ctx, participants: ParticipantsModule) {
  return {
    /** I6: invited speakers and moderators who are in the room may post. */
    post(participantId: number, body: string): ChatMessage {
      // S6: control characters are removed on submit; line breaks stay.
      const text = cleanMessage(body).trim();
      if (text.length === 0 || text.length > CHAT_MAX) throw new AppError('INVALID_INPUT', `A message must be 1–${CHAT_MAX} characters.`);
      const id = ctx.write(() => {
        const p = participants.get(participantId);
        if (p.state !== 'admitted' || (p.role !== 'speaker' && p.role !== 'moderator')) throw new AppError('PARTICIPANT_STATE', 'Only speakers and moderators in the room can post.');
        const info = ctx.stmt('INSERT INTO chat_messages (media_id, participant_id, body, at) VALUES (?, ?, ?, ?)').run(p.mediaId, p.id, text, ctx.nowIso());
        const id = Number(info.lastInsertRowid);
        ctx.emit('chat.posted', { mediaId: p.mediaId, messageId: id });
        return id;
      });
      return this.list(participants.get(participantId).mediaId, id - 1, 1)[0]!;
    },
    list(mediaId: number, afterId = 0, limit = 100): ChatMessage[] {
      const rows = ctx
        .stmt(
          `SELECT c.id, c.media_id, c.participant_id, p.name, c.body, c.at FROM chat_messages c JOIN participants p ON p.id = c.participant_id
           WHERE c.media_id = ? AND c.id > ? ORDER BY c.id DESC LIMIT ?`,
        )
        .all(mediaId, afterId, limit) as { id: number; media_id: number; participant_id: number; name: string; body: string; at: string }[];
      return rows.reverse().map((r) => ({ id: r.id, mediaId: r.media_id, participantId: r.participant_id, name: r.name, body: r.body, at: r.at }));
    },
  };
}
export type ChatModule = ReturnType<typeof chatModule>;
