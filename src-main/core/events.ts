import { EventEmitter } from 'node:events';
import type { ParticipantState } from './types';

/** Every domain event, by name. Pushed to the renderer (IPC) and to guests (SSE). */
export interface DomainEvents {
  'media.changed': { mediaId: number };
  'link.changed': { mediaId: number; linkId: number; change: 'created' | 'deleted' | 'rotated' | 'used' | 'edited' };
  'invite.changed': { mediaId: number; inviteId: number; change: 'created' | 'revoked' | 'role' | 'used' | 'mismatch' };
  'participant.changed': { mediaId: number; participantId: number; state: ParticipantState; change: 'waiting' | 'admitted' | 'denied' | 'removed' | 'left' | 'hand' | 'presence' | 'session-moved' };
  'chat.posted': { mediaId: number; messageId: number };
}
export type DomainEventName = keyof DomainEvents;
export const DOMAIN_EVENT_NAMES: readonly DomainEventName[] = ['media.changed', 'link.changed', 'invite.changed', 'participant.changed', 'chat.posted'];

export class DomainEmitter {
  private readonly emitter = new EventEmitter();
  constructor() {
    // Thousands of lobby pages may listen at once (one SSE each).
    this.emitter.setMaxListeners(0);
  }
  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
  on<K extends DomainEventName>(name: K, handler: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, handler);
    return () => this.emitter.off(name, handler);
  }
}
