// Numbered migrations. Never edit a shipped one: add the next number.
// The version is kept in PRAGMA user_version.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('media','room','channel-room','gallery-room')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  starts_at TEXT,
  ends_at TEXT,
  time_zone TEXT,
  file_path TEXT,
  available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0,1)),
  guest_access INTEGER NOT NULL DEFAULT 0 CHECK (guest_access IN (0,1)),
  require_admission INTEGER NOT NULL DEFAULT 0 CHECK (require_admission IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE guest_links (
  id INTEGER PRIMARY KEY,
  media_id INTEGER NOT NULL REFERENCES media(id),
  name TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
  uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
  expires_at TEXT,
  views INTEGER NOT NULL DEFAULT 0,
  submits INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX guest_links_media ON guest_links(media_id);

CREATE TABLE invites (
  id INTEGER PRIMARY KEY,
  media_id INTEGER NOT NULL REFERENCES media(id),
  email TEXT NOT NULL,
  display_name TEXT,
  name_locked INTEGER NOT NULL DEFAULT 0 CHECK (name_locked IN (0,1)),
  role TEXT NOT NULL CHECK (role IN ('viewer','speaker','moderator')),
  token TEXT NOT NULL UNIQUE,
  skip_lobby INTEGER NOT NULL DEFAULT 0 CHECK (skip_lobby IN (0,1)),
  expires_at TEXT,
  views INTEGER NOT NULL DEFAULT 0,
  submits INTEGER NOT NULL DEFAULT 0,
  mismatches INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  last_joined_at TEXT,
  revoked_at TEXT
) STRICT;
CREATE INDEX invites_media ON invites(media_id);
CREATE UNIQUE INDEX invites_active_email ON invites(media_id, email) WHERE revoked_at IS NULL;

-- Tokens that were replaced by a rotation: they deny as "link deleted",
-- and still name their media entry (D1).
CREATE TABLE retired_tokens (
  token TEXT PRIMARY KEY,
  media_id INTEGER NOT NULL REFERENCES media(id),
  kind TEXT NOT NULL CHECK (kind IN ('guest-link','invite')),
  retired_at TEXT NOT NULL
) STRICT;

CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  media_id INTEGER NOT NULL REFERENCES media(id),
  guest_link_id INTEGER REFERENCES guest_links(id),
  invite_id INTEGER REFERENCES invites(id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('guest','viewer','speaker','moderator')),
  state TEXT NOT NULL CHECK (state IN ('waiting','admitted','denied','removed','left')),
  session_hash TEXT NOT NULL UNIQUE,
  hand_raised INTEGER NOT NULL DEFAULT 0 CHECK (hand_raised IN (0,1)),
  knocked_at TEXT NOT NULL,
  joined_at TEXT,
  updated_at TEXT NOT NULL,
  CHECK ((guest_link_id IS NULL) <> (invite_id IS NULL))
) STRICT;
CREATE INDEX participants_media_state ON participants(media_id, state);
CREATE INDEX participants_link ON participants(guest_link_id);
CREATE INDEX participants_invite ON participants(invite_id);

CREATE TABLE chat_messages (
  id INTEGER PRIMARY KEY,
  media_id INTEGER NOT NULL REFERENCES media(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  body TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX chat_media ON chat_messages(media_id, id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  media_id INTEGER REFERENCES media(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id INTEGER,
  details TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_media ON audit_log(media_id, id);
-- O3: the audit log is append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
  },
  {
    // P5: why someone left (their page closed, or their way in closed at a
    // refresh or an admit), and whether a page of theirs is open right now.
    version: 2,
    name: 'participant presence and reason for leaving',
    sql: `
ALTER TABLE participants ADD COLUMN left_reason TEXT;
ALTER TABLE participants ADD COLUMN page_open INTEGER NOT NULL DEFAULT 0 CHECK (page_open IN (0,1));
`,
  },
  {
    // S5: a session belongs to the browser it was issued to (a hash of its
    // gl_b ID), expires on the server a fixed time after it was issued, and
    // is issued again at admission.
    version: 3,
    name: 'sessions bound to a browser, with an issue time',
    sql: `
ALTER TABLE participants ADD COLUMN session_browser TEXT;
ALTER TABLE participants ADD COLUMN session_issued_at TEXT;
ALTER TABLE participants ADD COLUMN session_admitted INTEGER NOT NULL DEFAULT 0 CHECK (session_admitted IN (0,1));
`,
  },
  {
    // "Deny and block": an email a moderator blocked for one media entry can't knock there again.
    version: 4,
    name: 'emails blocked per media entry',
    sql: `
CREATE TABLE blocked_emails (
  media_id INTEGER NOT NULL REFERENCES media(id),
  email TEXT NOT NULL,
  blocked_at TEXT NOT NULL,
  PRIMARY KEY (media_id, email)
) STRICT;
`,
  },
  {
    // P1: the Participants screen reads a page at a time (keyset paging, participants.page).
    // Waiting pages walk participants_media_state (media, state, then rowid).
    // In the room, raised hands first, then open pages: this index holds that
    // order, so a page is read in order instead of sorting the whole room.
    version: 5,
    name: 'the order of the room, for paging',
    sql: `
CREATE INDEX participants_room_order ON participants(media_id, state, ((1 - hand_raised) * 2 + (1 - page_open)), id);
`,
  },
  {
    // V2: "let speak", a moderator's permission for the live session only (a
    // guest-link guest still has no role, G8). Gone when the session ends or
    // the person leaves.
    version: 6,
    name: 'permission to speak in the live session',
    sql: `
CREATE TABLE live_speakers (
  participant_id INTEGER PRIMARY KEY REFERENCES participants(id),
  media_id INTEGER NOT NULL REFERENCES media(id),
  granted_at TEXT NOT NULL
) STRICT;
CREATE INDEX live_speakers_media ON live_speakers(media_id);
-- V7: "Join live session" from the app: a one-time code (its hash) that opens the app's own moderator seat.
CREATE TABLE live_join_codes (
  code_hash TEXT PRIMARY KEY,
  invite_id INTEGER NOT NULL REFERENCES invites(id),
  expires_at TEXT NOT NULL
) STRICT;
`,
  },
  {
    // P2: a block made from a guest-link knock applies to guest links only;
    // the invitee who owns that address still gets in with their invite.
    // Earlier blocks: "everywhere" only where someone who came by invite with
    // that email was denied in that media entry; the rest came from guest links.
    version: 7,
    name: 'where an email block applies',
    sql: `
ALTER TABLE blocked_emails ADD COLUMN scope TEXT NOT NULL DEFAULT 'everywhere' CHECK (scope IN ('guest-links','everywhere'));
UPDATE blocked_emails SET scope = 'guest-links'
  WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.media_id = blocked_emails.media_id AND p.email = blocked_emails.email AND p.invite_id IS NOT NULL AND p.state = 'denied');
`,
  },
  {
    // Sending invites by email: each invite's send, a small queue that
    // survives restarts (queued rows are picked up at the next start; a row
    // left "sending" by a process that died is queued again). The language
    // an invite's message is written in (null: the mail settings' default).
    version: 8,
    name: 'invite emails: language and send status',
    sql: `
ALTER TABLE invites ADD COLUMN lang TEXT CHECK (lang IS NULL OR lang IN ('en','fr','es','he'));
CREATE TABLE invite_sends (
  invite_id INTEGER PRIMARY KEY REFERENCES invites(id),
  state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','failed')),
  queued_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  sent_at TEXT,
  error TEXT
) STRICT;
CREATE INDEX invite_sends_state ON invite_sends(state);
`,
  },
  {
    // A schedule means something: the doors open this many minutes before the
    // start (guests who come earlier wait in the lobby), and the denied page
    // may give a contact line the moderator chose for this entry (D1).
    version: 9,
    name: 'doors open before the start; a contact line for the denied page',
    sql: `
ALTER TABLE media ADD COLUMN doors_open_minutes INTEGER NOT NULL DEFAULT 15 CHECK (doors_open_minutes BETWEEN 0 AND 1440);
ALTER TABLE media ADD COLUMN contact TEXT NOT NULL DEFAULT '';
`,
  },
  {
    // A participant came in by a guest link or by an invite, never both: each
    // of those indexes only needs the rows that have its key. Every redemption
    // wrote an entry into both (NULL in one); now it writes into one. Lookups
    // by link or by invite (`guest_link_id = ?`) use them as before.
    version: 10,
    name: 'participants: link and invite indexes hold only their own rows',
    sql: `
DROP INDEX participants_link;
CREATE INDEX participants_link ON participants(guest_link_id) WHERE guest_link_id IS NOT NULL;
DROP INDEX participants_invite;
CREATE INDEX participants_invite ON participants(invite_id) WHERE invite_id IS NOT NULL;
`,
  },
];

export const LATEST_VERSION = MIGRATIONS.length === 0 ? 0 : MIGRATIONS[MIGRATIONS.length - 1]!.version;
