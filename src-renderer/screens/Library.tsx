// Library: the media entries, newest first, with search and a filter by kind.
// Both run in the core, and rows come a page at a time ("Show more"), so a
// library of 100,000 entries opens as fast as one of 100.
import { useShallow } from 'zustand/react/shallow';
import { MEDIA_KINDS, type MediaKind } from '../../src-main/core/types';
import { IconPlus } from '../components/Icons';
import { formatSchedule } from '../format';
import { useT } from '../i18n';
import { useStore } from '../store';

export function Library() {
  const { media, total, mediaLoaded, search, kindFilter } = useStore(
    useShallow((s) => ({ media: s.media, total: s.mediaTotal, mediaLoaded: s.mediaLoaded, search: s.search, kindFilter: s.kindFilter })),
  );
  const { setSearch, setKindFilter, loadMoreMedia, navigate, openDialog } = useStore(
    useShallow((s) => ({ setSearch: s.setSearch, setKindFilter: s.setKindFilter, loadMoreMedia: s.loadMoreMedia, navigate: s.navigate, openDialog: s.openDialog })),
  );
  const filtered = search.trim() !== '' || kindFilter !== 'all';
  const t = useT();

  return (
    <main className="page" id="main">
      <header className="page-header">
        <h1>{t('app.library')}</h1>
        <button type="button" className="button primary" onClick={() => openDialog({ name: 'media-editor', mediaId: null })}>
          <IconPlus /> {t('library.newMedia')}
        </button>
      </header>
      <div className="filters" role="search" aria-label={t('library.filter')}>
        <div className="field inline">
          <label htmlFor="library-search">{t('library.search')}</label>
          <input id="library-search" type="search" placeholder={t('library.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="library-kind">{t('common.kind')}</label>
          <select id="library-kind" value={kindFilter} onChange={(e) => setKindFilter(e.target.value as MediaKind | 'all')}>
            <option value="all">{t('library.allKinds')}</option>
            {MEDIA_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <span className="muted" aria-live="polite">
          {media.length < total ? t('library.shownOf', { shown: media.length, total }) : t('library.entries', { count: total })}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('library.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.title')}</th>
              <th scope="col">{t('common.kind')}</th>
              <th scope="col">{t('library.schedule')}</th>
              <th scope="col">{t('library.availability')}</th>
              <th scope="col">{t('library.guestAccess')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {media.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {!mediaLoaded ? t('common.loading') : filtered ? t('library.nothingMatches') : t('library.empty')}
                </td>
              </tr>
            ) : (
              media.map((m) => (
                <tr key={m.id}>
                  <td>
                    <button type="button" className="link-button cell-strong" onClick={() => navigate({ name: 'media', mediaId: m.id })}>
                      {m.title}
                    </button>
                  </td>
                  <td>
                    <span className="badge">{t(`kind.${m.kind}`)}</span>
                  </td>
                  <td className="schedule">{formatSchedule(m.schedule, t)}</td>
                  <td>{m.available ? <span className="badge badge-joined">{t('common.available')}</span> : <span className="badge badge-revoked">{t('common.unavailable')}</span>}</td>
                  <td>{m.kind === 'channel-room' ? <span className="muted">{t('library.notSupported')}</span> : m.guestAccess ? t('common.on') : t('common.off')}</td>
                  <td>
                    <button type="button" className="button small" aria-label={t('library.editAria', { title: m.title })} onClick={() => openDialog({ name: 'media-editor', mediaId: m.id })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {media.length < total && (
        <div className="show-more">
          <button type="button" className="button" onClick={() => void loadMoreMedia()}>
            {t('library.showMore')}
          </button>
        </div>
      )}
    </main>
  );
}
