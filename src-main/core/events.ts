import { EventEmitter } from 'node:events';
import type { ParticipantState } from './types';

export type ParticipantEventChange = 'waiting' | 'admitted' | 'denied' | 'removed' | 'left' | 'hand' | 'presence' | 'session-moved';

/** Every domain event, by name. Pushed to the renderer (IPC) and to guests (SSE). */
export interface DomainEvents {
  'media.changed': { mediaId: number };
  'link.changed': { mediaId: number; linkId: number; change: 'created' | 'deleted' | 'rotated' | 'used' | 'edited' };
  'invite.changed': { mediaId: number; inviteId: number; change: 'created' | 'revoked' | 'role' | 'used' | 'mismatch' | 'mail' };
  'participant.changed': { mediaId: number; participantId: number; state: ParticipantState; change: ParticipantEventChange };
  'chat.posted': { mediaId: number; messageId: number };
  /** V2, V7: a moderator's live action (let speak, stop, mute, mute all, end the session). */
  'live.changed': { mediaId: number; participantId: number | null; change: LiveChange };
}
export type LiveChange = 'let-speak' | 'stop-speak' | 'mute' | 'mute-all' | 'end';
export type DomainEventName = keyof DomainEvents;
export const DOMAIN_EVENT_NAMES: readonly DomainEventName[] = ['media.changed', 'link.changed', 'invite.changed', 'participant.changed', 'chat.posted', 'live.changed'];

export class DomainEmitter {
  private readonly emitter = new EventEmitter();
  /**
   * Events are emitted after a COMMIT, often from a timer or a request: a
   * handler that throws must neither kill the process nor make a committed
   * change look failed (O4). Each handler's error is reported here instead.
   */
  constructor(private readonly onHandlerError: (name: DomainEventName, error: unknown) => void = (name, e) => console.error(`[core] a ${name} handler failed:`, e)) {
    // Thousands of lobby pages may listen at once (one SSE each).
    this.emitter.setMaxListeners(0);
  }
  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    for (const handler of this.emitter.listeners(name)) {
      try {
        (handler as (p: DomainEvents[K]) => void)(payload);
      } catch (e) {
        try {
          this.onHandlerError(name, e);
        } catch {
          /* the reporter itself must not throw either */
        }
      }
    }
  }
  on<K extends DomainEventName>(name: K, handler: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, handler);
    return () => this.emitter.off(name, handler);
  }
}
