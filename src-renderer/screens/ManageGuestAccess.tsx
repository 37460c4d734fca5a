// "Manage guest access" as in the product document: the switch (G1), up to
// 3 links (G2), the list with copy / QR / delete / rotate (G5–G7).
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GuestLink } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { IconCopy, IconEdit, IconQr, IconRotate, IconTrash } from '../components/Icons';
import { DialogLoading } from '../components/Loading';
import { ReachWarning } from '../components/ReachWarning';
import { Switch } from '../components/Switch';
import { clicksText, formatExpiry, linkCountText, MAX_GUEST_LINKS } from '../format';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

const EMPTY: GuestLink[] = [];
// Create / Edit link validates with zod: it and zod are loaded when first opened.
const CreateLinkDialog = lazy(() => import('./CreateLinkDialog').then((m) => ({ default: m.CreateLinkDialog })));

type Sub = { name: 'create' } | { name: 'edit'; link: GuestLink } | { name: 'qr'; link: GuestLink } | { name: 'delete'; link: GuestLink } | { name: 'rotate'; link: GuestLink } | null;

export function ManageGuestAccessDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const links = useStore(useShallow((s) => s.links[mediaId] ?? EMPTY));
  const loaded = useStore((s) => s.links[mediaId] !== undefined);
  const { loadLinks, putMedia, toast } = useStore(useShallow((s) => ({ loadLinks: s.loadLinks, putMedia: s.putMedia, toast: s.toast })));
  const [sub, setSub] = useState<Sub>(null);
  const reasonId = useId();
  const channelId = useId();
  const t = useT();

  useEffect(() => {
    void loadLinks(mediaId);
  }, [mediaId, loadLinks]);

  if (!media) return null;
  const unsupported = media.kind === 'channel-room'; // M2
  const atLimit = links.length >= MAX_GUEST_LINKS; // G2: deleted links are not listed, so they don't count

  async function setEnabled(enabled: boolean) {
    const r = await bridge().ops['media.setGuestAccess']({ mediaId, enabled });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    putMedia(r.value);
    await loadLinks(mediaId);
    toast(enabled ? t('ga.enabled') : t('ga.disabled'), 'info');
  }

  async function copy(link: GuestLink) {
    const r = await bridge().clipboard.writeText(link.url);
    toast(r.ok ? t('common.linkCopied') : errorText(r.error, t), r.ok ? 'success' : 'error');
  }

  async function remove(link: GuestLink) {
    const r = await bridge().ops['links.delete']({ linkId: link.id });
    if (r.ok) await loadLinks(mediaId);
    setSub(null);
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    toast(t('ga.deleted', { name: link.name }), 'info');
  }

  async function rotate(link: GuestLink) {
    const r = await bridge().ops['links.rotate']({ linkId: link.id });
    setSub(null);
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    await loadLinks(mediaId);
    toast(t('ga.rotated', { name: link.name }), 'info');
  }

  return (
    <Dialog
      title={t('action.manageGuestAccess')}
      description={unsupported ? t('ga.descriptionUnsupported') : t('ga.description')}
      onClose={onClose}
      size="large"
    >
      {unsupported ? (
        <p id={channelId} className="notice">
          {t.rich('ga.channelNotice', { inviteUsers: <strong>{t('action.inviteUsers')}</strong> })}
        </p>
      ) : null}
      <Switch label={t('ga.enable')} checked={media.guestAccess && !unsupported} disabled={unsupported} describedBy={unsupported ? channelId : undefined} onChange={(v) => void setEnabled(v)} />
      <div className="links-toolbar">
        <span className="link-count">{loaded ? linkCountText(links.length, t) : t('common.loading')}</span>
        <button
          type="button"
          className="button primary"
          disabled={atLimit || unsupported}
          aria-describedby={unsupported ? channelId : atLimit ? reasonId : undefined}
          onClick={() => setSub({ name: 'create' })}
        >
          {t('ga.createNewLink')}
        </button>
      </div>
      {atLimit && !unsupported ? (
        <p id={reasonId} className="field-hint">
          {t('ga.atLimit')}
        </p>
      ) : null}
      {!media.guestAccess && !unsupported && links.length > 0 ? (
        <p className="notice">{t('ga.offNotice')}</p>
      ) : null}
      {links.some((l) => l.state === 'active') ? <ReachWarning /> : null}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('ga.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ga.linkName')}</th>
              <th scope="col">{t('ga.expiration')}</th>
              <th scope="col">{t('ga.clicks')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {links.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  {loaded ? t('ga.noLinks') : t('common.loading')}
                </td>
              </tr>
            ) : (
              links.map((link) => (
                <tr key={link.id}>
                  <td>
                    <span className="cell-strong">{link.name}</span>
                    {link.state !== 'active' ? <span className="badge badge-muted">{t(`linkState.${link.state}`)}</span> : null}
                  </td>
                  <td>{formatExpiry(link.expiresAt, t, media?.schedule?.timeZone)}</td>
                  <td>{clicksText(link, t)}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="icon-button" aria-label={t('ga.copyAria', { name: link.name })} title={t('common.copyLink')} onClick={() => void copy(link)}>
                        <IconCopy />
                      </button>
                      <button type="button" className="icon-button" aria-label={t('ga.editAria', { name: link.name })} title={t('common.edit')} onClick={() => setSub({ name: 'edit', link })}>
                        <IconEdit />
                      </button>
                      <button type="button" className="icon-button" aria-label={t('ga.qrAria', { name: link.name })} title={t('ga.qr')} onClick={() => setSub({ name: 'qr', link })}>
                        <IconQr />
                      </button>
                      <button type="button" className="icon-button" aria-label={t('ga.rotateAria', { name: link.name })} title={t('ga.rotateTitle')} onClick={() => setSub({ name: 'rotate', link })}>
                        <IconRotate />
                      </button>
                      <button type="button" className="icon-button danger" aria-label={t('ga.deleteAria', { name: link.name })} title={t('common.delete')} onClick={() => setSub({ name: 'delete', link })}>
                        <IconTrash />
                      </button>
                    </div>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {sub?.name === 'create' || sub?.name === 'edit' ? (
        <Suspense fallback={<DialogLoading />}>
          <CreateLinkDialog key={sub.name === 'edit' ? `edit${sub.link.id}` : 'create'} mediaId={mediaId} link={sub.name === 'edit' ? sub.link : undefined} onClose={() => setSub(null)} />
        </Suspense>
      ) : null}
      {sub?.name === 'qr' ? <QrDialog link={sub.link} onClose={() => setSub(null)} /> : null}
      {sub?.name === 'delete' ? (
        <ConfirmDialog
          title={t('ga.deleteConfirmTitle')}
          message={t('ga.deleteConfirm', { name: sub.link.name })}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(sub.link)}
          onCancel={() => setSub(null)}
        />
      ) : null}
      {sub?.name === 'rotate' ? (
        <ConfirmDialog
          title={t('ga.rotateConfirmTitle')}
          message={t('ga.rotateConfirm', { name: sub.link.name })}
          confirmLabel={t('ga.rotate')}
          onConfirm={() => rotate(sub.link)}
          onCancel={() => setSub(null)}
        />
      ) : null}
    </Dialog>
  );
}

function QrDialog({ link, onClose }: { link: GuestLink; onClose(): void }) {
  const [png, setPng] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useStore((s) => s.toast);
  const t = useT();

  useEffect(() => {
    let live = true;
    void bridge()
      .ops['links.qrCode']({ url: link.url })
      .then((r) => {
        if (!live) return;
        if (r.ok) setPng(r.value.pngDataUrl);
        else setError(errorText(r.error, t));
      });
    return () => {
      live = false;
    };
  }, [link.url]);

  async function save() {
    if (!png) return;
    const base64 = png.slice(png.indexOf(',') + 1);
    const safe = link.name.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'guest-link';
    const r = await bridge().files.save({ defaultName: `${safe}-qr.png`, content: base64, encoding: 'base64' });
    if (!r.ok) toast(errorText(r.error, t), 'error');
    else if (r.value) toast(t('qr.saved', { path: r.value.path }), 'success');
  }

  return (
    <Dialog
      title={t('qr.title', { name: link.name })}
      onClose={onClose}
      size="small"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="button primary" disabled={!png} onClick={() => void save()}>
            {t('qr.savePng')}
          </button>
        </>
      }
    >
      <div className="qr">
        {png ? <img src={png} alt={t('qr.alt', { name: link.name })} width={320} height={320} /> : error ? <p role="alert">{error}</p> : <p>{t('qr.generating')}</p>}
        <p className="qr-url">{link.url}</p>
        <ReachWarning />
      </div>
    </Dialog>
  );
}
