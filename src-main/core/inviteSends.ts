// Emailing invites: a small queue in the database (invite_sends, migration 7)
// that survives restarts. `queue` marks invites to send; a sender (the host in
// the background, or the CLI in its own process) claims one row at a time
// (queued → sending, one UPDATE, so two processes never send the same row),
// sends it over SMTP and records sent (with the time) or failed (with the
// server's reason). A row left "sending" by a process that died is queued
// again when a host starts (`requeueAbandoned`): a message is sent at least
// once, and at most twice if the process died between the server's
// acceptance and the write that records it.
import nodemailer from 'nodemailer';
import { retryWhileBusy } from './busy';
import type { Ctx } from './context';
import { isValidEmail } from './email';
import { AppError } from './errors';
import { inviteMail } from './inviteMail';
import { inviteStatus, inviteUrl, type InviteRow, type InvitesModule } from './invites';
import type { MailLang, MailSettingsModule, SmtpConnection } from './mailSettings';
import type { MediaModule } from './media';
import type { SettingsModule } from './settings';
import type { Invite } from './types';

export const SEND_STATES = ['queued', 'sending', 'sent', 'failed'] as const;
export type SendState = (typeof SEND_STATES)[number];

export interface SendRow {
  invite_id: number;
  state: SendState;
  queued_at: string;
  attempts: number;
  sent_at: string | null;
  error: string | null;
}

/** The server's reason, on one line and short enough for a table cell and the audit log. */
export function failureReason(e: unknown): string {
  const err = e as { response?: unknown; code?: unknown; message?: unknown };
  const raw = typeof err?.response === 'string' && err.response ? err.response : typeof err?.message === 'string' ? err.message : String(e);
  const code = typeof err?.code === 'string' && !raw.includes(err.code) ? `${err.code}: ` : '';
  return `${code}${raw}`.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 500);
}

export function smtpTransport(c: SmtpConnection) {
  return nodemailer.createTransport({
    host: c.host.replace(/^\[|\]$/g, ''),
    port: c.port,
    secure: c.secure,
    ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

export function inviteSendsModule(ctx: Ctx, invites: InvitesModule, media: MediaModule, settings: SettingsModule, mail: MailSettingsModule) {
  const sendRow = (inviteId: number) => ctx.stmt('SELECT * FROM invite_sends WHERE invite_id = ?').get(inviteId) as SendRow | undefined;
  const sendable = (r: InviteRow) => {
    const s = inviteStatus(r, ctx.now());
    return s !== 'revoked' && s !== 'expired';
  };
  const auditSend = (r: InviteRow, action: string, details: Record<string, unknown> = {}, actor = 'guestlist (mail)') =>
    ctx.audit({ mediaId: r.media_id, actor, action, subjectType: 'invite', subjectId: r.id, details: { email: r.email, ...details } });

  const mod = {
    sendRow,
    /**
     * Marks invites to be emailed: one invite (sent again, even if it was sent),
     * or every active invite of a media entry not sent yet (no send, or a failed one).
     * Refused without a mail server. Returns the invites queued.
     */
    queue(target: { inviteId: number } | { mediaId: number }, actor: string): Invite[] {
      if (!mail.get().configured) throw new AppError('MAIL_NOT_CONFIGURED');
      const ids = ctx.write(() => {
        let rows: InviteRow[];
        if ('inviteId' in target) {
          const r = invites.row(target.inviteId);
          if (!r) throw new AppError('INVITE_NOT_FOUND', `There is no invite with ID ${target.inviteId}.`);
          if (!sendable(r)) throw new AppError('INVITE_NOT_SENDABLE');
          rows = [r];
        } else {
          media.get(target.mediaId);
          rows = (
            ctx
              .stmt("SELECT i.* FROM invites i LEFT JOIN invite_sends s ON s.invite_id = i.id WHERE i.media_id = ? AND (s.state IS NULL OR s.state = 'failed') ORDER BY i.id")
              .all(target.mediaId) as InviteRow[]
          ).filter(sendable);
        }
        for (const r of rows) mod.queueRow(r, actor);
        return rows.map((r) => r.id);
      });
      return ids.map((id) => invites.get(id));
    },
    /** Inside a write: (re)queues one invite's email. A row being sent right now is left alone. */
    queueRow(r: InviteRow, actor: string): void {
      ctx
        .stmt(
          "INSERT INTO invite_sends (invite_id, state, queued_at) VALUES (?, 'queued', ?) ON CONFLICT(invite_id) DO UPDATE SET state = 'queued', queued_at = excluded.queued_at, error = NULL WHERE state <> 'sending'",
        )
        .run(r.id, ctx.nowIso());
      auditSend(r, 'invite.email-queued', {}, actor);
    },
    /** At a host's start: rows a dead process left "sending" go back to the queue. */
    requeueAbandoned(): number {
      return ctx.write(() => ctx.stmt("UPDATE invite_sends SET state = 'queued' WHERE state = 'sending'").run().changes);
    },
    /** Whether any invite is queued: the host's idle poll, one indexed lookup instead of the whole queue. */
    hasQueued(): boolean {
      return (ctx.stmt("SELECT EXISTS(SELECT 1 FROM invite_sends WHERE state = 'queued') AS due").get() as { due: number }).due === 1;
    },
    /** The queued invites, oldest first (optionally only these). */
    queued(only?: readonly number[]): number[] {
      const ids = (ctx.stmt("SELECT invite_id FROM invite_sends WHERE state = 'queued' ORDER BY queued_at, invite_id").all() as { invite_id: number }[]).map((r) => r.invite_id);
      return only ? ids.filter((id) => only.includes(id)) : ids;
    },
    /** Takes one queued row for this process (queued → sending); false if another process took it first. */
    claim(inviteId: number): boolean {
      return ctx.write(() => ctx.stmt("UPDATE invite_sends SET state = 'sending', attempts = attempts + 1 WHERE invite_id = ? AND state = 'queued'").run(inviteId).changes === 1);
    },
    markSent(inviteId: number): void {
      ctx.write(() => {
        ctx.stmt("UPDATE invite_sends SET state = 'sent', sent_at = ?, error = NULL WHERE invite_id = ?").run(ctx.nowIso(), inviteId);
        const r = invites.row(inviteId);
        if (r) auditSend(r, 'invite.emailed');
      });
    },
    markFailed(inviteId: number, reason: string): void {
      ctx.write(() => {
        ctx.stmt("UPDATE invite_sends SET state = 'failed', error = ? WHERE invite_id = ?").run(reason, inviteId);
        const r = invites.row(inviteId);
        if (r) auditSend(r, 'invite.email-failed', { reason });
      });
    },
    /** The message of one invite, as it will be sent. */
    message(r: InviteRow) {
      const m = media.get(r.media_id);
      const lang: MailLang = r.lang ?? mail.get().lang;
      return inviteMail({
        lang,
        inviteId: r.id,
        mediaId: r.media_id,
        title: m.title,
        role: r.role,
        email: r.email,
        displayName: r.display_name,
        url: inviteUrl(settings.baseUrl(), r.token),
        schedule: m.schedule,
        now: ctx.now(),
      });
    },
    /** Sends one claimed row and records the outcome. Never throws. */
    async sendClaimed(inviteId: number, transport: ReturnType<typeof smtpTransport>, from: string): Promise<'sent' | 'failed'> {
      try {
        const r = invites.row(inviteId);
        if (!r) throw new Error('The invite no longer exists.');
        if (!sendable(r)) throw new Error('The invite was revoked or expired before it was sent.');
        // The address was checked when the invite was made; checked again before it reaches a header.
        if (!isValidEmail(r.email)) throw new Error(`“${r.email}” is not a valid email address.`);
        const msg = mod.message(r);
        await transport.sendMail({
          from,
          to: r.email,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          ...(msg.ics ? { attachments: [{ filename: 'invite.ics', content: msg.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] } : {}),
        });
        // A serving process's connection doesn't wait for another process's lock: tried again for a while.
        await retryWhileBusy(() => mod.markSent(inviteId), 10_000);
        return 'sent';
      } catch (e) {
        try {
          await retryWhileBusy(() => mod.markFailed(inviteId, failureReason(e)), 10_000);
        } catch {
          /* the row stays "sending" and is queued again at the next start */
        }
        return 'failed';
      }
    },
    /**
     * Sends every queued row (or only these), one at a time, until none is left.
     * Used by the host in the background and by the CLI in its own process.
     */
    async drain(only?: readonly number[]): Promise<{ sent: number; failed: number }> {
      const out = { sent: 0, failed: 0 };
      const c = mail.connection();
      if (!c) return out;
      const transport = smtpTransport(c);
      try {
        for (;;) {
          const next = await retryWhileBusy(() => mod.queued(only).find((id) => mod.claim(id)), 10_000);
          if (next === undefined) break;
          out[await mod.sendClaimed(next, transport, c.from)]++;
        }
      } finally {
        transport.close();
      }
      return out;
    },
  };
  return mod;
}
export type InviteSendsModule = ReturnType<typeof inviteSendsModule>;
