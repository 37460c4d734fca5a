// V7 in the moderator's app: who is live in a room (Participants). The live
// state lives in the process serving guests; the console reads it with
// live.status for one room, again (debounced) whenever `live.people` or
// `live.changed` names that room. The badges carry words, never colour alone.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../../src-main/api/bridge';
import { bridge } from '../bridge';
import { ConfirmDialog } from '../components/Dialog';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

export type LiveStatusValue = Api['live.status']['output'];
export type LiveRoom = LiveStatusValue['rooms'][number];
export type LivePerson = NonNullable<LiveRoom['people']>[number];

/** Live events come in bursts (a room's pages connecting at once): one read of live.status per this many ms. */
export const LIVE_DEBOUNCE_MS = 250;

export interface LiveView {
  status: LiveStatusValue | null;
  room: LiveRoom | null;
  people: ReadonlyMap<number, LivePerson>;
  reload(): Promise<void>;
}

const NOBODY: ReadonlyMap<number, LivePerson> = new Map();

/** The live state of one room, kept fresh from the bridge's live events (off when `enabled` is false). */
export function useLiveRoom(mediaId: number, enabled: boolean): LiveView {
  const [status, setStatus] = useState<LiveStatusValue | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const reload = useCallback(async () => {
    const r = await bridge().ops['live.status']({ mediaId });
    if (alive.current && r.ok) setStatus(r.value);
  }, [mediaId]);

  useEffect(() => {
    alive.current = true;
    if (!enabled) return;
    void reload();
    const later = (payload: { mediaId: number }) => {
      if (payload.mediaId !== mediaId || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void reload();
      }, LIVE_DEBOUNCE_MS);
    };
    const offs = [bridge().onEvent('live.people', later), bridge().onEvent('live.changed', later)];
    return () => {
      alive.current = false;
      offs.forEach((off) => off());
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [mediaId, enabled, reload]);

  const room = status?.rooms.find((r) => r.mediaId === mediaId) ?? null;
  const people = room?.people ? new Map(room.people.map((p) => [p.participantId, p])) : NOBODY;
  return { status, room, people, reload };
}

/** One person's live state as compact badges with words: in the session, audio, video, muted, may speak. */
export function LiveBadges({ person }: { person: LivePerson | undefined }) {
  const t = useT();
  // Not in the session: a dash on screen (the column stays narrow), the words for screen readers and on hover.
  if (!person || (!person.connected && !person.letSpeak))
    return (
      <span className="muted live-none" title={t('live.badge.notInSession')}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('live.badge.notInSession')}</span>
      </span>
    );
  // A narrow column may cut the badges: the whole list shows on hover.
  const all = [
    person.connected && t('live.badge.inSession'),
    person.audio && !person.mutedByModerator && t('live.badge.audio'),
    person.video && t('live.badge.video'),
    person.mutedByModerator && t('live.badge.muted'),
    person.letSpeak && t('live.badge.maySpeak'),
  ].filter(Boolean);
  return (
    <span className="live-badges" title={all.join(', ')}>
      {person.connected ? <span className="badge badge-live">{t('live.badge.inSession')}</span> : null}
      {person.audio && !person.mutedByModerator ? <span className="badge badge-sending">{t('live.badge.audio')}</span> : null}
      {person.video ? <span className="badge badge-sending">{t('live.badge.video')}</span> : null}
      {person.mutedByModerator ? <span className="badge badge-revoked">{t('live.badge.muted')}</span> : null}
      {person.letSpeak ? <span className="badge badge-pending">{t('live.badge.maySpeak')}</span> : null}
    </span>
  );
}

/** The room's live line: how many are in the session and sending, the engine when not ready, Mute all and End. */
export function LiveHeader({ mediaId, live }: { mediaId: number; live: LiveView }) {
  const t = useT();
  const toast = useStore((s) => s.toast);
  const [confirming, setConfirming] = useState(false);
  const [ended, setEnded] = useState(false);
  const engine = live.status?.engine;
  const connected = live.room?.connected ?? 0;
  const sending = live.room?.publishing ?? 0;
  // After End, the line says so until someone is in a (new) session again.
  useEffect(() => {
    if (connected > 0) setEnded(false);
  }, [connected]);

  async function muteAll() {
    const r = await bridge().ops['live.muteAll']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('live.mutedAll'), 'info');
    await live.reload();
  }
  async function end() {
    setConfirming(false);
    const r = await bridge().ops['live.end']({ mediaId });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    setEnded(true);
    await live.reload();
  }

  if (!live.status) return null;
  const engineLine =
    engine && engine.state !== 'ready' && engine.state !== 'idle'
      ? engine.state === 'starting' || engine.state === 'restarting'
        ? t(engine.state === 'starting' ? 'live.engine.starting' : 'live.engine.restarting')
        : engine.reason
          ? t('live.engine.unavailable', { reason: engine.reason })
          : t('live.engine.unavailableNoReason')
      : null;
  return (
    <div className="live-bar" role="group" aria-label={t('live.sessionLabel')}>
      <p className="live-summary" role="status">
        {ended ? t('live.ended') : t('live.summary', { connected, sending })}
      </p>
      {/* One line, so the lists keep their place; the whole sentence is in Settings → Live audio and video and on hover. */}
      {engineLine ? (
        <p className="live-engine form-error" title={engineLine}>
          {engineLine}
        </p>
      ) : null}
      <div className="live-actions">
        <button type="button" className="button small" onClick={() => void muteAll()}>
          {t('live.muteAll')}
        </button>
        <button type="button" className="button small danger-text" onClick={() => setConfirming(true)}>
          {t('live.end')}
        </button>
      </div>
      {confirming ? <ConfirmDialog title={t('live.endTitle')} message={t('live.endText')} confirmLabel={t('live.endConfirm')} onConfirm={end} onCancel={() => setConfirming(false)} /> : null}
    </div>
  );
}
