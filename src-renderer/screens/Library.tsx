// Library: every media entry, with search and a filter by kind.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MEDIA_KINDS, type MediaKind } from '../../src-main/core/types';
import { IconPlus } from '../components/Icons';
import { formatSchedule, KIND_LABELS } from '../format';
import { useStore } from '../store';

export function Library() {
  const { media, mediaLoaded, search, kindFilter } = useStore(
    useShallow((s) => ({ media: s.media, mediaLoaded: s.mediaLoaded, search: s.search, kindFilter: s.kindFilter })),
  );
  const { setSearch, setKindFilter, navigate, openDialog } = useStore(
    useShallow((s) => ({ setSearch: s.setSearch, setKindFilter: s.setKindFilter, navigate: s.navigate, openDialog: s.openDialog })),
  );
  const visible = useMemo(() => {
    const q = search.trim().toLowerCase();
    return media.filter((m) => (kindFilter === 'all' || m.kind === kindFilter) && (!q || m.title.toLowerCase().includes(q) || m.description.toLowerCase().includes(q)));
  }, [media, search, kindFilter]);

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
          {visible.length} of {media.length}
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
            {visible.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {!mediaLoaded ? 'Loading…' : media.length === 0 ? 'No media yet. Create your first entry with “New media”.' : 'Nothing matches.'}
                </td>
              </tr>
            ) : (
              visible.map((m) => (
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
    </main>
  );
}
