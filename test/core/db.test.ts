import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/core';
import { LATEST_VERSION, MIGRATIONS } from '../../src-main/core/db/migrations';
import { DB_FILE_NAME } from '../../src-main/core/paths';
import { ACTOR, NOBODY, nobodyCantRunCli, tmpDir } from '../helpers/tmp';

function schemaOf(file: string): string {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ')}`).join('\n');
}

describe('O2: the database file', () => {
  it('O2: migrates an empty folder to the latest version, in WAL mode with foreign keys', () => {
    const dir = tmpDir();
    const core = openCore({ dataDir: dir });
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(core.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    core.close();
    expect(fs.existsSync(path.join(dir, DB_FILE_NAME))).toBe(true);
  });

  it('O2: every table is STRICT', () => {
    const core = openCore({ dataDir: tmpDir() });
    const tables = core.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT$/);
    core.close();
  });

  it('O2: the schema matches its snapshot (a migration changed only what it meant to)', () => {
    const dir = tmpDir();
    openCore({ dataDir: dir }).close();
    expect(schemaOf(path.join(dir, DB_FILE_NAME))).toMatchSnapshot();
  });

  it("O2: lookups by link and by invite still use their indexes, now partial (migration 10)", () => {
    const core = openCore({ dataDir: tmpDir() });
    const plan = (sql: string) => (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id, state FROM participants WHERE invite_id = ? AND state IN ('waiting','admitted') ORDER BY id DESC LIMIT 1")).toContain('USING INDEX participants_invite');
    expect(plan("UPDATE participants SET role = 'viewer' WHERE invite_id = ? AND state IN ('waiting','admitted')")).toContain('USING INDEX participants_invite');
    expect(plan('SELECT count(*) FROM participants WHERE guest_link_id = ?')).toContain('participants_link');
    core.close();
  });

  it('O2: migrating from each earlier version ends at the same schema and keeps data', () => {
    const fresh = tmpDir();
    openCore({ dataDir: fresh }).close();
    const want = schemaOf(path.join(fresh, DB_FILE_NAME));
    for (let from = 0; from < LATEST_VERSION; from++) {
      const dir = tmpDir();
      const file = path.join(dir, DB_FILE_NAME);
      const db = new Database(file);
      for (const m of MIGRATIONS.filter((m) => m.version <= from)) db.exec(m.sql);
      db.pragma(`user_version = ${from}`);
      db.close();
      openCore({ dataDir: dir }).close();
      expect(schemaOf(file), `from version ${from}`).toBe(want);
    }
  });

  it('migration 8: invites made before it keep everything, with no language and no email yet; a send state is one of four', () => {
    const dir = tmpDir();
    const file = path.join(dir, DB_FILE_NAME);
    const db = new Database(file);
    for (const m of MIGRATIONS.filter((m) => m.version <= 7)) db.exec(m.sql);
    db.pragma('user_version = 7');
    const now = new Date().toISOString();
    db.prepare("INSERT INTO media (id, kind, title, created_at, updated_at) VALUES (1, 'room', 'Old room', ?, ?)").run(now, now);
    db.prepare("INSERT INTO invites (media_id, email, role, token, created_at) VALUES (1, 'old@example.org', 'speaker', 'tok-old', ?)").run(now);
    db.close();
    const core = openCore({ dataDir: dir });
    const [invite] = core.invites.list(1);
    expect(invite).toMatchObject({ email: 'old@example.org', role: 'speaker', token: 'tok-old', lang: null, mail: null });
    expect(() => core.db.prepare("INSERT INTO invite_sends (invite_id, state, queued_at) VALUES (?, 'lost', ?)").run(invite!.id, now)).toThrow(/CHECK/);
    expect(() => core.db.prepare("UPDATE invites SET lang = 'de' WHERE id = ?").run(invite!.id)).toThrow(/CHECK/);
    core.close();
  });

  it('O2: reopening keeps acknowledged changes', () => {
    const dir = tmpDir();
    const a = openCore({ dataDir: dir });
    const m = a.media.create({ kind: 'room', title: 'Kept' }, ACTOR);
    a.close();
    const b = openCore({ dataDir: dir });
    expect(b.media.get(m.id).title).toBe('Kept');
    b.close();
  });

  it('O2: a database from a newer version is refused and left byte-identical', () => {
    const dir = tmpDir();
    openCore({ dataDir: dir }).close();
    const file = path.join(dir, DB_FILE_NAME);
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    const listing = fs.readdirSync(dir).sort();
    expect(() => openCore({ dataDir: dir })).toThrowError(expect.objectContaining({ code: 'DB_NEWER_VERSION' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
  });

  it('O2: a file that is not a database gives a clear error and is never overwritten', () => {
    const dir = tmpDir();
    const file = path.join(dir, DB_FILE_NAME);
    const junk = Buffer.from('this is not sqlite at all, just some notes\n'.repeat(20));
    fs.writeFileSync(file, junk);
    expect(() => openCore({ dataDir: dir })).toThrowError(expect.objectContaining({ code: 'DB_NOT_A_DATABASE' }));
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
  });

  it('O2: a database with a damaged body is refused, not overwritten', () => {
    const dir = tmpDir();
    const core = openCore({ dataDir: dir });
    for (let i = 0; i < 200; i++) core.media.create({ kind: 'media', title: `m${i}` }, ACTOR);
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    core.close();
    const file = path.join(dir, DB_FILE_NAME);
    const bytes = fs.readFileSync(file);
    // Keep the header, scribble over the schema page and beyond.
    bytes.fill(0xab, 100, Math.min(bytes.length, 8192));
    fs.writeFileSync(file, bytes);
    const damaged = Buffer.from(bytes);
    expect(() => openCore({ dataDir: dir })).toThrowError(expect.objectContaining({ code: 'DB_NOT_A_DATABASE' }));
    expect(fs.readFileSync(file).equals(damaged)).toBe(true);
  });

  it('O2: a read-only data folder gives a clear error', (ctx) => {
    const dir = tmpDir();
    fs.chmodSync(dir, 0o555);
    if (process.getuid?.() !== 0) {
      expect(() => openCore({ dataDir: dir })).toThrowError(expect.objectContaining({ code: 'DB_READ_ONLY' }));
      return;
    }
    // Root ignores folder permissions, so ask as an unprivileged user, through the CLI.
    const why = nobodyCantRunCli();
    if (why) return ctx.skip(why);
    const r = spawnSync('node', [path.resolve('bin/guestlist.cjs'), '--data', dir, '--json', 'media', 'list'], {
      uid: NOBODY,
      gid: NOBODY,
      env: { ...process.env, HOME: os.tmpdir() },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr.trim().split('\n').pop()!)).toMatchObject({ code: 'DB_READ_ONLY' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('O3: the audit log is append-only', () => {
    const core = openCore({ dataDir: tmpDir() });
    core.media.create({ kind: 'room', title: 'A' }, ACTOR);
    expect(() => core.db.prepare('UPDATE audit_log SET actor = ?').run('x')).toThrow(/append-only/);
    expect(() => core.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    core.close();
  });
});
