// "Blocked emails" (issue 13, lobby abuse): the emails "Deny and block" has
// blocked for this media entry, each with Unblock. Opened from the ⋯ menu
// next to "All participants". Unblocking is one click without Undo: it only
// lets that email ask to join again, which the moderator still decides.
import { useEffect, useState } from 'react';
import type { BlockedEmail } from '../../src-main/core/types';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { formatDateTime } from '../format';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

export function BlockedEmailsDialog({ mediaId, onClose }: { mediaId: number; onClose(): void }) {
  const t = useT();
  const toast = useStore((s) => s.toast);
  const [list, setList] = useState<BlockedEmail[] | null>(null);

  useEffect(() => {
    let live = true;
    void bridge()
      .ops['participants.blocked']({ mediaId })
      .then((r) => {
        if (!live) return;
        if (r.ok) setList(r.value);
        else {
          toast(errorText(r.error, t), 'error');
          setList([]);
        }
      });
    return () => {
      live = false;
    };
  }, [mediaId, t, toast]);

  async function unblock(email: string) {
    const r = await bridge().ops['participants.unblock']({ mediaId, email });
    if (!r.ok) return toast(errorText(r.error, t), 'error');
    setList(r.value);
    toast(t('blocked.unblocked', { email }), 'info');
  }

  return (
    <Dialog title={t('blocked.title')} description={t('blocked.description')} onClose={onClose} size="small">
      {list === null ? (
        <p>{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('blocked.none')}</p>
      ) : (
        <ul className="blocked-list" aria-label={t('blocked.title')}>
          {list.map((b) => (
            <li key={b.email}>
              <span className="blocked-email">
                <bdi>{b.email}</bdi>
                <span className="muted"> · {t('blocked.since', { time: formatDateTime(b.blockedAt) })} · {t(`blocked.scope.${b.scope}`)}</span>
              </span>
              <button type="button" className="button small" aria-label={t('blocked.unblockAria', { email: b.email })} onClick={() => void unblock(b.email)}>
                {t('blocked.unblock')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
