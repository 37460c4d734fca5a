// What a screen shows while its chunk loads (React.lazy + Suspense): a polite
// status that assistive technology announces, in the language shown.
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
