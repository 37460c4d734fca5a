// Library: the media entries, newest first, with search and a filter by kind.
// Both run in the core, and rows come a page at a time ("Show more"), so a
// library of 100,000 entries opens as fast as one of 100.
import { useShallow } from 'zustand/react/shallow';
import { MEDIA_KINDS, type MediaKind } from '../../src-main/core/types';
import { IconPlus } from '../components/Icons';
import { formatSchedule, KIND_LABELS } from '../format';
import { useStore } from '../store';

export function Library() {
  const { media, total, mediaLoaded, search, kindFilter } = useStore(
    useShallow((s) => ({ media: s.media, total: s.mediaTotal, mediaLoaded: s.mediaLoaded, search: s.search, kindFilter: s.kindFilter })),
  );
  const { setSearch, setKindFilter, loadMoreMedia, navigate, openDialog } = useStore(
    useShallow((s) => ({ setSearch: s.setSearch, setKindFilter: s.setKindFilter, loadMoreMedia: s.loadMoreMedia, navigate: s.navigate, openDialog: s.openDialog })),
  );
  const filtered = search.trim() !== '' || kindFilter !== 'all';

  return (
    <main className="page" id="main">
      <header className="page-header">
        <h1>Library</h1>
        <button type="button" className="button primary" onClick={() => openDialog({ name: 'media-editor', mediaId: null })}>
          <IconPlus /> New media
        </button>
      </header>
      <div className="filters" role="search" aria-label="Filter media">
        <div className="field inline">
          <label htmlFor="library-search">Search</label>
          <input id="library-search" type="search" placeholder="Title or description" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="library-kind">Kind</label>
          <select id="library-kind" value={kindFilter} onChange={(e) => setKindFilter(e.target.value as MediaKind | 'all')}>
            <option value="all">All kinds</option>
            {MEDIA_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <span className="muted" aria-live="polite">
          {media.length < total ? `${media.length} of ${total}` : `${total} ${total === 1 ? 'entry' : 'entries'}`}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Media entries</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Kind</th>
              <th scope="col">Schedule</th>
              <th scope="col">Availability</th>
              <th scope="col">Guest access</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {media.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {!mediaLoaded ? 'Loading…' : filtered ? 'Nothing matches.' : 'No media yet. Create your first entry with “New media”.'}
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
                    <span className="badge">{KIND_LABELS[m.kind]}</span>
                  </td>
                  <td className="schedule">{formatSchedule(m.schedule)}</td>
                  <td>{m.available ? <span className="badge badge-joined">Available</span> : <span className="badge badge-revoked">Unavailable</span>}</td>
                  <td>{m.kind === 'channel-room' ? <span className="muted">Not supported</span> : m.guestAccess ? 'On' : 'Off'}</td>
                  <td>
                    <button type="button" className="button small" aria-label={`Edit ${m.title}`} onClick={() => openDialog({ name: 'media-editor', mediaId: m.id })}>
                      Edit
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
            Show more
          </button>
        </div>
      )}
    </main>
  );
}
