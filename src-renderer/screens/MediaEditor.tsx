// Create or edit a media entry (M1, M3, M4).
import { type FormEvent, useId, useState } from 'react';
import { mediaTitle, scheduleSchema } from '../../src-main/api/schemas';
import { ERROR_MESSAGES } from '../../src-main/core/errors';
import { MEDIA_KINDS, type MediaKind } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { isoToZonedLocal, KIND_LABELS, localTimeZone, timeZones, zonedLocalToIso } from '../format';
import { useStore } from '../store';

export function MediaEditorDialog({ mediaId, onClose }: { mediaId: number | null; onClose(): void }) {
  const existing = useStore((s) => (mediaId === null ? undefined : s.mediaById[mediaId]));
  const loadMedia = useStore((s) => s.loadMedia);
  const putMedia = useStore((s) => s.putMedia);
  const navigate = useStore((s) => s.navigate);
  const toast = useStore((s) => s.toast);
  const tz0 = existing?.schedule?.timeZone ?? localTimeZone();
  const [v, setV] = useState({
    title: existing?.title ?? '',
    kind: (existing?.kind ?? 'room') as MediaKind,
    description: existing?.description ?? '',
    scheduled: Boolean(existing?.schedule),
    start: existing?.schedule ? isoToZonedLocal(existing.schedule.startsAt, tz0) : '',
    end: existing?.schedule ? isoToZonedLocal(existing.schedule.endsAt, tz0) : '',
    timeZone: tz0,
    filePath: existing?.filePath ?? '',
    requireAdmission: existing?.requireAdmission ?? true,
    available: existing?.available ?? true,
  });
  const [errors, setErrors] = useState<{ title?: string; schedule?: string; server?: string }>({});
  const id = useId();
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [k]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!mediaTitle.safeParse(v.title).success) found.title = ERROR_MESSAGES.MEDIA_TITLE_INVALID;
    let schedule = null as null | { startsAt: string; endsAt: string; timeZone: string };
    if (v.scheduled) {
      const startsAt = zonedLocalToIso(v.start, v.timeZone) ?? '';
      const endsAt = zonedLocalToIso(v.end, v.timeZone) ?? '';
      const parsed = (() => {
        try {
          return scheduleSchema.safeParse({ startsAt, endsAt, timeZone: v.timeZone });
        } catch {
          return { success: false as const };
        }
      })();
      if (!parsed.success) found.schedule = ERROR_MESSAGES.SCHEDULE_INVALID;
      else schedule = { startsAt, endsAt, timeZone: v.timeZone };
    }
    setErrors(found);
    if (found.title || found.schedule) {
      document.getElementById(found.title ? `${id}-title` : `${id}-start`)?.focus();
      return;
    }
    const fields = {
      title: v.title,
      description: v.description,
      schedule,
      filePath: v.filePath.trim() || null,
      requireAdmission: v.requireAdmission,
      available: v.available,
    };
    const r = existing ? await bridge().ops['media.update']({ mediaId: existing.id, ...fields }) : await bridge().ops['media.create']({ kind: v.kind, ...fields });
    if (!r.ok) return setErrors({ server: r.error.message });
    putMedia(r.value);
    await loadMedia();
    toast(existing ? 'Changes saved.' : `“${r.value.title}” created.`, 'success');
    onClose();
    if (!existing) navigate({ name: 'media', mediaId: r.value.id });
  }

  return (
    <Dialog title={existing ? 'Edit media' : 'New media'} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title *</label>
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
              {errors.title}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={v.kind} disabled={Boolean(existing)} onChange={(e) => set('kind', e.target.value as MediaKind)}>
            {MEDIA_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-desc`}>Description</label>
          <textarea id={`${id}-desc`} rows={3} value={v.description} onChange={(e) => set('description', e.target.value)} />
        </div>
        <fieldset className="fieldset">
          <legend>Schedule</legend>
          <label className="checkbox">
            <input type="checkbox" checked={v.scheduled} onChange={(e) => set('scheduled', e.target.checked)} />
            Scheduled
          </label>
          {v.scheduled ? (
            <div className="form-row">
              <div className="field">
                <label htmlFor={`${id}-start`}>Starts</label>
                <input id={`${id}-start`} type="datetime-local" value={v.start} aria-describedby={errors.schedule ? `${id}-sched-error` : undefined} onChange={(e) => set('start', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-end`}>Ends</label>
                <input id={`${id}-end`} type="datetime-local" value={v.end} onChange={(e) => set('end', e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-tz`}>Time zone</label>
                <input id={`${id}-tz`} type="text" list={`${id}-tzs`} value={v.timeZone} onChange={(e) => set('timeZone', e.target.value)} />
                <datalist id={`${id}-tzs`}>
                  {timeZones().map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </div>
            </div>
          ) : null}
          {errors.schedule ? (
            <p id={`${id}-sched-error`} className="field-error">
              {errors.schedule}
            </p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-file`}>Local media file</label>
          <input id={`${id}-file`} type="text" placeholder="/path/to/video.mp4" value={v.filePath} aria-describedby={`${id}-file-hint`} onChange={(e) => set('filePath', e.target.value)} />
          <p id={`${id}-file-hint`} className="field-hint">
            Admitted guests stream this audio or video file from your computer.
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={v.requireAdmission} onChange={(e) => set('requireAdmission', e.target.checked)} />
          Require admission
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={v.available} onChange={(e) => set('available', e.target.checked)} />
          Available
        </label>
        {errors.server ? (
          <p role="alert" className="form-error">
            {errors.server}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary">
            {existing ? 'Save' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
