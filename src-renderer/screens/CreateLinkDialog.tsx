// "Create new link" (G3), and the same form to edit a link in place (G11).
// Inline checks use the same zod rules as the core, and the core's answer
// (e.g. the 3-link limit, a limit under the clicks used) is shown as it comes back.
// Loaded on demand (ManageGuestAccess: React.lazy), with zod, through ../validation.
import { type FocusEvent, type FormEvent, useId, useState } from 'react';
import { linkDays } from '../../src-main/core/linkDays';
import type { GuestLink } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { errorText, type Key, useT } from '../i18n';
import { useStore } from '../store';
import { clicks as clicksSchema, days as daysSchema, linkName } from '../validation';

type Field = 'name' | 'clicks' | 'days';
/** Each invalid field's message, as a dictionary key (in English, the core's own sentence). */
type Errors = Partial<Record<Field, Key>>;

export function validateLinkForm(v: { name: string; clicks: string; days: string }): Errors {
  const errors: Errors = {};
  if (!linkName.safeParse(v.name).success) errors.name = 'validation.linkName';
  if (!clicksSchema.safeParse(v.clicks).success) errors.clicks = 'validation.clicks';
  if (!daysSchema.safeParse(v.days).success) errors.days = 'validation.days';
  return errors;
}

export function CreateLinkDialog({ mediaId, link, onClose }: { mediaId: number; link?: GuestLink; onClose(): void }) {
  const [values, setValues] = useState(() =>
    link ? { name: link.name, clicks: link.maxUses === null ? '' : String(link.maxUses), days: String(linkDays(link) ?? '') } : { name: '', clicks: '', days: '' },
  );
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const loadLinks = useStore((s) => s.loadLinks);
  const toast = useStore((s) => s.toast);
  const t = useT();
  const ids = { name: useId(), clicks: useId(), days: useId(), clicksHint: useId(), daysUnit: useId() };

  const update = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    // Clear a message as soon as the field becomes valid.
    if (errors[field]) setErrors((e) => ({ ...e, [field]: validateLinkForm({ ...values, [field]: value })[field] }));
  };
  const blur = (field: Field, e: FocusEvent<HTMLInputElement>) => {
    if (field === 'name' && values.name === '') return; // don't scold an untouched field
    // Moving to Cancel/Create: a message appearing now would shift the button under the pointer.
    if (e.relatedTarget instanceof Element && e.relatedTarget.closest('.dialog-actions')) return;
    setErrors((e) => ({ ...e, [field]: validateLinkForm(values)[field] }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateLinkForm(values);
    setErrors(found);
    setServerError(null);
    const firstBad = (['name', 'clicks', 'days'] as const).find((f) => found[f]);
    if (firstBad) {
      document.getElementById(ids[firstBad])?.focus();
      return;
    }
    setBusy(true);
    const r = link
      ? await bridge().ops['links.edit']({ linkId: link.id, name: values.name, clicks: values.clicks, days: values.days })
      : await bridge().ops['links.create']({ mediaId, name: values.name, clicks: values.clicks, days: values.days });
    setBusy(false);
    if (!r.ok) {
      setServerError(errorText(r.error, t));
      return;
    }
    await loadLinks(mediaId);
    toast(t(link ? 'ga.edited' : 'create.created', { name: r.value.name }), 'success');
    onClose();
  }

  const describe = (field: Field, extra?: string) => [extra, errors[field] ? `${ids[field]}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <Dialog title={link ? t('ga.editTitle') : t('ga.createNewLink')} description={link ? t('ga.editDescription') : t('create.description')} onClose={onClose} size="small">
      <form id="create-link-form" className="form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.name}>{t('create.name')}</label>
          <input
            id={ids.name}
            type="text"
            autoComplete="off"
            maxLength={200}
            value={values.name}
            aria-required="true"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describe('name')}
            onChange={(e) => update('name', e.target.value)}
            onBlur={(e) => blur('name', e)}
          />
          {errors.name ? (
            <p id={`${ids.name}-error`} className="field-error">
              {t(errors.name)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.clicks}>{t('create.clicks')}</label>
          <input
            id={ids.clicks}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('create.clicksPlaceholder')}
            value={values.clicks}
            aria-invalid={errors.clicks ? true : undefined}
            aria-describedby={describe('clicks', ids.clicksHint)}
            onChange={(e) => update('clicks', e.target.value)}
            onBlur={(e) => blur('clicks', e)}
          />
          <p id={ids.clicksHint} className="field-hint">
            {t('create.clicksHint')}
          </p>
          {errors.clicks ? (
            <p id={`${ids.clicks}-error`} className="field-error">
              {t(errors.clicks)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.days}>{t('create.duration')}</label>
          <div className="input-with-unit">
            <input
              id={ids.days}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              placeholder={t('create.durationPlaceholder')}
              value={values.days}
              aria-invalid={errors.days ? true : undefined}
              aria-describedby={describe('days', ids.daysUnit)}
              onChange={(e) => update('days', e.target.value)}
              onBlur={(e) => blur('days', e)}
            />
            <span id={ids.daysUnit} className="unit">
              {t('create.days')}
            </span>
          </div>
          {errors.days ? (
            <p id={`${ids.days}-error`} className="field-error">
              {t(errors.days)}
            </p>
          ) : null}
        </div>
        {serverError ? (
          <p role="alert" className="form-error">
            {serverError}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {link ? t('common.save') : t('common.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
