// Create or edit a media entry (M1, M3, M4). Loaded on demand (App: React.lazy),
// with zod, through ../validation.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { defaultRequireAdmission } from '../../src-main/core/lobbyDefaults';
import { MEDIA_KINDS, type MediaKind } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { isoToZonedLocal, localTimeZone, timeZones, zonedLocalToIso } from '../format';
import { errorText, type Key, useT } from '../i18n';
import { useStore } from '../store';
import { mediaTitle, scheduleSchema } from '../validation';

export function MediaEditorDialog({ mediaId, onClose }: { mediaId: number | null; onClose(): void }) {
  const existing = useStore((s) => (mediaId === null ? undefined : s.mediaById[mediaId]));
  const loadMedia = useStore((s) => s.loadMedia);
  const putMedia = useStore((s) => s.putMedia);
  const navigate = useStore((s) => s.navigate);
  const toast = useStore((s) => s.toast);
  const t = useT();
  const tz0 = existing?.schedule?.timeZone ?? localTimeZone();
  const [v, setV] = useState({
    title: existing?.title ?? '',
    kind: (existing?.kind ?? 'room') as MediaKind,
    description: existing?.description ?? '',
    scheduled: Boolean(existing?.schedule),
    start: existing?.schedule ? isoToZonedLocal(existing.schedule.startsAt, tz0) : '',
    end: existing?.schedule ? isoToZonedLocal(existing.schedule.endsAt, tz0) : '',
    timeZone: tz0,
    doorsOpen: String(existing?.doorsOpenMinutes ?? 15),
    contact: existing?.contact ?? '',
    filePath: existing?.filePath ?? '',
    requireAdmission: existing?.requireAdmission ?? defaultRequireAdmission('room'),
    available: existing?.available ?? true,
  });
  // title and schedule: dictionary keys (checked here); server: the core's message, as it comes.
  const [errors, setErrors] = useState<{ title?: Key; start?: Key; end?: Key; tz?: Key; doors?: Key; server?: string }>({});
  const id = useId();
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [k]: value }));
  // The lobby follows the kind's default (shared with the CLI) until the moderator sets it.
  const [lobbyTouched, setLobbyTouched] = useState(Boolean(existing));
  const setKind = (kind: MediaKind) => setV((x) => ({ ...x, kind, requireAdmission: lobbyTouched ? x.requireAdmission : defaultRequireAdmission(kind) }));

  type Errors = typeof errors;
  type FieldKey = Exclude<keyof Errors, 'server'>;
  /** Every field's problem at once (one message per field, so the moderator knows which one to fix), and the schedule when it is right. */
  function check(x: typeof v): { found: Errors; schedule: null | { startsAt: string; endsAt: string; timeZone: string } } {
    const found: Errors = {};
    if (!mediaTitle.safeParse(x.title).success) found.title = 'validation.title';
    let schedule = null as null | { startsAt: string; endsAt: string; timeZone: string };
    if (x.scheduled) {
      const knownZone = scheduleSchema.safeParse({ startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-01T01:00:00Z', timeZone: x.timeZone }).success;
      const startsAt = knownZone ? zonedLocalToIso(x.start, x.timeZone) : null;
      const endsAt = knownZone ? zonedLocalToIso(x.end, x.timeZone) : null;
      if (!knownZone) found.tz = 'editor.tzInvalid';
      if (!x.start || (knownZone && !startsAt)) found.start = 'editor.startInvalid';
      if (!x.end || (knownZone && !endsAt) || (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt))) found.end = 'editor.endInvalid';
      if (!/^\d+$/.test(x.doorsOpen.trim()) || Number(x.doorsOpen.trim()) > 1440) found.doors = 'editor.doorsInvalid';
      if (!found.tz && !found.start && !found.end && startsAt && endsAt) schedule = { startsAt, endsAt, timeZone: x.timeZone };
    }
    return { found, schedule };
  }
  // issue 22: a flagged field's error goes as soon as it is right (no new ones until Create).
  useEffect(() => {
    setErrors((old) => {
      const flagged = (Object.keys(old) as (keyof Errors)[]).filter((k) => k !== 'server') as FieldKey[];
      if (flagged.length === 0) return old;
      const { found } = check(v);
      const next: Errors = { server: old.server };
      for (const k of flagged) if (found[k]) next[k] = found[k] as never;
      return flagged.every((k) => next[k] === old[k]) ? old : next;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [v]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { found, schedule } = check(v);
    // Doors only mean something with a schedule (their field shows only then); a hidden bad value keeps the entry's own.
    const doors = v.doorsOpen.trim();
    const doorsOpenMinutes = /^\d+$/.test(doors) && Number(doors) <= 1440 ? Number(doors) : (existing?.doorsOpenMinutes ?? 15);
    setErrors(found);
    const firstBad = found.title ? 'title' : found.start ? 'start' : found.end ? 'end' : found.tz ? 'tz' : found.doors ? 'doors' : null;
    if (firstBad) {
      document.getElementById(`${id}-${firstBad}`)?.focus();
      return;
    }
    const fields = {
      title: v.title,
      description: v.description,
      schedule,
      doorsOpenMinutes,
      contact: v.contact.trim(),
      filePath: v.filePath.trim() || null,
      requireAdmission: v.requireAdmission,
      available: v.available,
    };
    const r = existing ? await bridge().ops['media.update']({ mediaId: existing.id, ...fields }) : await bridge().ops['media.create']({ kind: v.kind, ...fields });
    if (!r.ok) return setErrors({ server: errorText(r.error, t) });
    putMedia(r.value);
    await loadMedia();
    toast(existing ? t('editor.saved') : t('editor.created', { title: r.value.title }), 'success');
    onClose();
    if (!existing) navigate({ name: 'media', mediaId: r.value.id });
  }

  return (
    <Dialog title={existing ? t('editor.edit') : t('editor.new')} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('editor.title')}</label>
          <input
            id={`${id}-title`}
            type="text"
            value={v.title}
            aria-required="true"
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? `${id}-title-error` : undefined}
            onChange={(e) => set('title', e.target.value)}
          />
          {errors.title ? (
            <p id={`${id}-title-error`} className="field-error">
              {t(errors.title)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('common.kind')}</label>
          <select id={`${id}-kind`} value={v.kind} disabled={Boolean(existing)} onChange={(e) => setKind(e.target.value as MediaKind)}>
            {MEDIA_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-desc`}>{t('editor.description')}</label>
          <textarea id={`${id}-desc`} rows={3} value={v.description} onChange={(e) => set('description', e.target.value)} />
        </div>
        <fieldset className="fieldset">
          <legend>{t('editor.schedule')}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={v.scheduled} onChange={(e) => set('scheduled', e.target.checked)} />
            {t('editor.scheduled')}
          </label>
          {v.scheduled ? (
            <div className="form-row schedule-fields">
              <div className="field">
                <label htmlFor={`${id}-start`}>{t('editor.starts')}</label>
                <input id={`${id}-start`} type="datetime-local" value={v.start} aria-invalid={errors.start ? true : undefined} aria-describedby={errors.start ? `${id}-start-error` : undefined} onChange={(e) => set('start', e.target.value)} />
                {errors.start ? (
                  <p id={`${id}-start-error`} className="field-error">
                    {t(errors.start)}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={`${id}-end`}>{t('editor.ends')}</label>
                <input id={`${id}-end`} type="datetime-local" value={v.end} aria-invalid={errors.end ? true : undefined} aria-describedby={errors.end ? `${id}-end-error` : undefined} onChange={(e) => set('end', e.target.value)} />
                {errors.end ? (
                  <p id={`${id}-end-error`} className="field-error">
                    {t(errors.end)}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={`${id}-tz`}>{t('editor.timeZone')}</label>
                <input id={`${id}-tz`} type="text" list={`${id}-tzs`} value={v.timeZone} aria-invalid={errors.tz ? true : undefined} aria-describedby={errors.tz ? `${id}-tz-error` : undefined} onChange={(e) => set('timeZone', e.target.value)} />
                {errors.tz ? (
                  <p id={`${id}-tz-error`} className="field-error">
                    {t(errors.tz)}
                  </p>
                ) : null}
                <datalist id={`${id}-tzs`}>
                  {timeZones().map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </div>
              <div className="field">
                <label htmlFor={`${id}-doors`}>{t('editor.doorsOpen')}</label>
                <input
                  id={`${id}-doors`}
                  type="number"
                  min={0}
                  max={1440}
                  step={1}
                  inputMode="numeric"
                  value={v.doorsOpen}
                  aria-invalid={errors.doors ? true : undefined}
                  aria-describedby={`${id}-doors-hint${errors.doors ? ` ${id}-doors-error` : ''}`}
                  onChange={(e) => set('doorsOpen', e.target.value)}
                />
                <p id={`${id}-doors-hint`} className="field-hint">
                  {t('editor.doorsOpenHint')}
                </p>
                {errors.doors ? (
                  <p id={`${id}-doors-error`} className="field-error">
                    {t(errors.doors)}
                  </p>
                ) : null}
              </div>
            </div>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-contact`}>{t('editor.contact')}</label>
          <input id={`${id}-contact`} type="text" maxLength={300} value={v.contact} aria-describedby={`${id}-contact-hint`} onChange={(e) => set('contact', e.target.value)} />
          <p id={`${id}-contact-hint`} className="field-hint">
            {t('editor.contactHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('editor.file')}</label>
          <input id={`${id}-file`} type="text" dir="ltr" placeholder="/path/to/video.mp4" value={v.filePath} aria-describedby={`${id}-file-hint`} onChange={(e) => set('filePath', e.target.value)} />
          <p id={`${id}-file-hint`} className="field-hint">
            {t('editor.fileHint')}
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={v.requireAdmission} onChange={(e) => {
              setLobbyTouched(true);
              set('requireAdmission', e.target.checked);
            }} />
          {t('editor.requireAdmission')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={v.available} onChange={(e) => set('available', e.target.checked)} />
          {t('editor.available')}
        </label>
        {errors.server ? (
          <p role="alert" className="form-error">
            {errors.server}
          </p>
        ) : null}
        {/* issue 22: Cancel and Create stay in view while the form scrolls. */}
        <div className="dialog-actions sticky-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary">
            {existing ? t('common.save') : t('common.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
