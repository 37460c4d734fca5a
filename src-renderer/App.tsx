import { lazy, Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DialogLoading, LoadingPage } from './components/Loading';
import { Toasts } from './components/Toasts';
import { connectEvents } from './events';
import { useT } from './i18n';
import { InviteUsersDialog } from './screens/InviteUsers';
import { Library } from './screens/Library';
import { ManageGuestAccessDialog } from './screens/ManageGuestAccess';
import { MediaPage, ShareDialog } from './screens/MediaPage';
import { StatusBar } from './screens/StatusBar';
import { useStore } from './store';

// Settings is its own chunk, loaded when first opened (the Library is what the first window shows).
const Settings = lazy(() => import('./screens/Settings').then((m) => ({ default: m.Settings })));
// The media editor validates with zod: it and zod are a chunk of their own, loaded when first opened.
const MediaEditorDialog = lazy(() => import('./screens/MediaEditor').then((m) => ({ default: m.MediaEditorDialog })));

export function App() {
  const { view, dialog, navigate, closeDialog } = useStore(useShallow((s) => ({ view: s.view, dialog: s.dialog, navigate: s.navigate, closeDialog: s.closeDialog })));
  const t = useT();

  useEffect(() => {
    const off = connectEvents();
    const s = useStore.getState();
    void s.loadMedia();
    void s.loadSettings();
    return off;
  }, []);

  // The language setting gives the text (useT), and i18n.ts keeps <html lang dir> and the date formats in step.
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            G
          </span>
          Guestlist
        </div>
        <nav aria-label={t('app.nav')}>
          <ul>
            <li>
              <button type="button" className="nav-item" aria-current={view.name !== 'settings' ? 'page' : undefined} onClick={() => navigate({ name: 'library' })}>
                {t('app.library')}
              </button>
            </li>
            <li>
              <button type="button" className="nav-item" aria-current={view.name === 'settings' ? 'page' : undefined} onClick={() => navigate({ name: 'settings' })}>
                {t('app.settings')}
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <div className="content">
        {view.name === 'library' ? <Library /> : null}
        {view.name === 'media' ? <MediaPage mediaId={view.mediaId} /> : null}
        {view.name === 'settings' ? (
          <Suspense fallback={<LoadingPage />}>
            <Settings />
          </Suspense>
        ) : null}
      </div>
      <StatusBar />
      <Toasts />
      {dialog?.name === 'guest-access' ? <ManageGuestAccessDialog key={`ga${dialog.mediaId}`} mediaId={dialog.mediaId} onClose={closeDialog} /> : null}
      {dialog?.name === 'invite' ? <InviteUsersDialog key={`in${dialog.mediaId}`} mediaId={dialog.mediaId} onClose={closeDialog} /> : null}
      {dialog?.name === 'share' ? <ShareDialog mediaId={dialog.mediaId} onClose={closeDialog} /> : null}
      {dialog?.name === 'media-editor' ? (
        <Suspense fallback={<DialogLoading />}>
          <MediaEditorDialog mediaId={dialog.mediaId} onClose={closeDialog} />
        </Suspense>
      ) : null}
    </div>
  );
}
