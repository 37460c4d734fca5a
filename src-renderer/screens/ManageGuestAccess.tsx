// "Manage guest access" as in the product document: the switch (G1), up to
// 3 links (G2), the list with copy / QR / delete / rotate (G5–G7).
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GuestLink } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { IconCopy, IconQr, IconRotate, IconTrash } from '../components/Icons';
import { Switch } from '../components/Switch';
import { clicksText, formatDate, LINK_STATE_LABELS, linkCountText, MAX_GUEST_LINKS } from '../format';
import { useStore } from '../store';
import { CreateLinkDialog } from './CreateLinkDialog';

const EMPTY: GuestLink[] = [];

type Sub = { name: 'create' } | { name: 'qr'; link: GuestLink } | { name: 'delete'; link: GuestLink } | { name: 'rotate'; link: GuestLink } | null;

export function ManageGuestAccessDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const media = useStore((s) => s.mediaById[mediaId]);
  const links = useStore(useShallow((s) => s.links[mediaId] ?? EMPTY));
  const loaded = useStore((s) => s.links[mediaId] !== undefined);
  const { loadLinks, putMedia, toast } = useStore(useShallow((s) => ({ loadLinks: s.loadLinks, putMedia: s.putMedia, toast: s.toast })));
  const [sub, setSub] = useState<Sub>(null);
  const reasonId = useId();
  const channelId = useId();

  useEffect(() => {
    void loadLinks(mediaId);
  }, [mediaId, loadLinks]);

  if (!media) return null;
  const unsupported = media.kind === 'channel-room'; // M2
  const atLimit = links.length >= MAX_GUEST_LINKS; // G2: deleted links are not listed, so they don't count

  async function setEnabled(enabled: boolean) {
    const r = await bridge().ops['media.setGuestAccess']({ mediaId, enabled });
    if (!r.ok) return toast(r.error.message, 'error');
    putMedia(r.value);
    await loadLinks(mediaId);
    toast(enabled ? 'Guest access enabled.' : 'Guest access turned off. Guest links no longer admit new guests.', 'info');
  }

  async function copy(link: GuestLink) {
    const r = await bridge().clipboard.writeText(link.url);
    toast(r.ok ? 'Link copied' : r.error.message, r.ok ? 'success' : 'error');
  }

  async function remove(link: GuestLink) {
    const r = await bridge().ops['links.delete']({ linkId: link.id });
    if (r.ok) await loadLinks(mediaId);
    setSub(null);
    if (!r.ok) return toast(r.error.message, 'error');
    toast(`Link “${link.name}” deleted.`, 'info');
  }

  async function rotate(link: GuestLink) {
    const r = await bridge().ops['links.rotate']({ linkId: link.id });
    setSub(null);
    if (!r.ok) return toast(r.error.message, 'error');
    await loadLinks(mediaId);
    toast(`Link “${link.name}” has a new address. The old one no longer works.`, 'info');
  }

  return (
    <Dialog
      title="Manage guest access"
      description={unsupported ? 'Guest links give link-based access without sign-in.' : 'Allow link-based access without sign-in. Up to 3 guest links available.'}
      onClose={onClose}
      size="large"
    >
      {unsupported ? (
        <p id={channelId} className="notice">
          Guest links aren’t supported for channel rooms. Use <strong>Invite users</strong> to give specific people access instead.
        </p>
      ) : null}
      <Switch label="Enable guest access" checked={media.guestAccess && !unsupported} disabled={unsupported} describedBy={unsupported ? channelId : undefined} onChange={(v) => void setEnabled(v)} />
      <div className="links-toolbar">
        <span className="link-count">{loaded ? linkCountText(links.length) : 'Loading…'}</span>
        <button
          type="button"
          className="button primary"
          disabled={atLimit || unsupported}
          aria-describedby={unsupported ? channelId : atLimit ? reasonId : undefined}
          onClick={() => setSub({ name: 'create' })}
        >
          Create new link
        </button>
      </div>
      {atLimit && !unsupported ? (
        <p id={reasonId} className="field-hint">
          This media entry already has 3 guest links, the most it can have. Delete one to create another.
        </p>
      ) : null}
      {!media.guestAccess && !unsupported && links.length > 0 ? (
        <p className="notice">Guest access is off: these links don’t admit new guests until you turn it on.</p>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Guest links</caption>
          <thead>
            <tr>
              <th scope="col">Link name</th>
              <th scope="col">Expiration date</th>
              <th scope="col"># of clicks</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {links.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  {loaded ? 'No guest links yet.' : 'Loading…'}
                </td>
              </tr>
            ) : (
              links.map((link) => (
                <tr key={link.id}>
                  <td>
                    <span className="cell-strong">{link.name}</span>
                    {link.state !== 'active' ? <span className="badge badge-muted">{LINK_STATE_LABELS[link.state]}</span> : null}
                  </td>
                  <td>{formatDate(link.expiresAt)}</td>
                  <td>{clicksText(link)}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="icon-button" aria-label={`Copy link “${link.name}”`} title="Copy link" onClick={() => void copy(link)}>
                        <IconCopy />
                      </button>
                      <button type="button" className="icon-button" aria-label={`QR code for “${link.name}”`} title="QR code" onClick={() => setSub({ name: 'qr', link })}>
                        <IconQr />
                      </button>
                      <button type="button" className="icon-button" aria-label={`Rotate link “${link.name}”`} title="Rotate (new address)" onClick={() => setSub({ name: 'rotate', link })}>
                        <IconRotate />
                      </button>
                      <button type="button" className="icon-button danger" aria-label={`Delete link “${link.name}”`} title="Delete" onClick={() => setSub({ name: 'delete', link })}>
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
      {sub?.name === 'create' ? <CreateLinkDialog mediaId={mediaId} onClose={() => setSub(null)} /> : null}
      {sub?.name === 'qr' ? <QrDialog link={sub.link} onClose={() => setSub(null)} /> : null}
      {sub?.name === 'delete' ? (
        <ConfirmDialog
          title="Delete guest link?"
          message={`“${sub.link.name}” stops working immediately. Guests already in stay until they refresh or leave. This can't be undone.`}
          confirmLabel="Delete"
          onConfirm={() => remove(sub.link)}
          onCancel={() => setSub(null)}
        />
      ) : null}
      {sub?.name === 'rotate' ? (
        <ConfirmDialog
          title="Rotate guest link?"
          message={`“${sub.link.name}” gets a new address. The current address stops working, so anyone who has it will need the new one.`}
          confirmLabel="Rotate"
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

  useEffect(() => {
    let live = true;
    void bridge()
      .ops['links.qrCode']({ url: link.url })
      .then((r) => {
        if (!live) return;
        if (r.ok) setPng(r.value.pngDataUrl);
        else setError(r.error.message);
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
    if (!r.ok) toast(r.error.message, 'error');
    else if (r.value) toast(`QR code saved to ${r.value.path}`, 'success');
  }

  return (
    <Dialog
      title={`QR code: ${link.name}`}
      onClose={onClose}
      size="small"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="button primary" disabled={!png} onClick={() => void save()}>
            Save as PNG
          </button>
        </>
      }
    >
      <div className="qr">
        {png ? <img src={png} alt={`QR code for the guest link “${link.name}”`} width={320} height={320} /> : error ? <p role="alert">{error}</p> : <p>Generating…</p>}
        <p className="qr-url">{link.url}</p>
      </div>
    </Dialog>
  );
}
