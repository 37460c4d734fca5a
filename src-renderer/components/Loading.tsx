// What a screen shows while its chunk loads (React.lazy + Suspense): a polite
// status that assistive technology announces, in the language shown.
import { createPortal } from 'react-dom';
import { useT } from '../i18n';

/** Inside a screen (a tab panel). */
export function Loading() {
  const t = useT();
  return (
    <p className="empty" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** In place of a whole page: keeps the page's landmark, so the skip link still lands on #main. */
export function LoadingPage() {
  return (
    <main className="page" id="main" aria-busy="true">
      <Loading />
    </main>
  );
}

/**
 * In place of a dialog while its chunk loads: the backdrop (the page underneath
 * takes no clicks) and the status. Nothing takes focus, so focus stays on the
 * button that opened the dialog, and the dialog gives it back there on close.
 */
export function DialogLoading() {
  const t = useT();
  return createPortal(
    <div className="backdrop" aria-busy="true">
      <p className="dialog-loading" role="status" aria-live="polite">
        {t('common.loading')}
      </p>
    </div>,
    document.body,
  );
}
