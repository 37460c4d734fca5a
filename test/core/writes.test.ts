// O4 and S1 on the write path: Ctx.write runs its function in one IMMEDIATE
// transaction (a savepoint when nested), commits what returns and rolls back
// what throws; writeBatch keeps one item's failure from undoing the others
// (group commit). Tokens come from a pool of random bytes, each used once.
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, openCore } from '../../src-main/core';
import { newToken, RandomPool, TOKEN_PATTERN } from '../../src-main/core/tokens';
import { tmpDir } from '../helpers/tmp';

let core: Core | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

function table() {
  core = openCore({ dataDir: tmpDir() });
  core.db.exec('CREATE TABLE t (x INTEGER)');
  const c = core;
  return { c, add: (x: number) => c.db.prepare('INSERT INTO t VALUES (?)').run(x), all: () => (c.db.prepare('SELECT x FROM t ORDER BY x').pluck().all() as number[]) };
}

describe('writes', () => {
  it('a write that throws leaves nothing; a nested write that throws is undone alone; a failed batch item is undone alone', () => {
    const { c, add, all } = table();
    expect(() =>
      c.ctx.write(() => {
        add(1);
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(all()).toEqual([]);
    expect(c.db.inTransaction).toBe(false);

    c.ctx.write(() => {
      add(2);
      expect(() =>
        c.ctx.write(() => {
          add(3);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      add(4);
    });
    expect(all()).toEqual([2, 4]);

    const results = c.ctx.writeBatch([5, 6, 7], (x) => {
      add(x);
      if (x === 6) throw new Error('six');
      return x;
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(all()).toEqual([2, 4, 5, 7]);
    expect(c.db.inTransaction).toBe(false);
  });

  it("a batch item's first write runs in the item's savepoint: if it throws, the whole item is undone even when the item caught the error; its later writes keep their own", () => {
    const { c, add, all } = table();
    const results = c.ctx.writeBatch([1, 2, 3], (x) => {
      try {
        c.ctx.write(() => {
          add(x * 10);
          if (x === 2) throw new Error('first write');
        });
      } catch {
        add(x * 10 + 1); // what the item did after swallowing the error goes too
        return 'swallowed';
      }
      try {
        c.ctx.write(() => {
          add(x * 10 + 2);
          if (x === 3) throw new Error('second write');
        });
      } catch {
        return 'second undone';
      }
      return 'ok';
    });
    expect(results.map((r) => (r.ok ? r.value : (r.error as Error).message))).toEqual(['ok', 'first write', 'second undone']);
    expect(all()).toEqual([10, 12, 30]);
    expect(c.db.inTransaction).toBe(false);
  });

  it('a write is one IMMEDIATE transaction: another connection sees all of it or none', () => {
    const { c, add } = table();
    const other = openCore({ dataDir: c.dataDir });
    try {
      const count = () => other.db.prepare('SELECT count(*) FROM t').pluck().get() as number;
      c.ctx.write(() => {
        add(1);
        add(2);
        expect(count()).toBe(0);
      });
      expect(count()).toBe(2);
    } finally {
      other.close();
    }
  });

  it('S1: tokens from the pool are 32 URL-safe characters and never repeat, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const t = newToken();
      expect(t).toMatch(TOKEN_PATTERN);
      expect(t).toHaveLength(32);
      seen.add(t);
    }
    expect(seen.size).toBe(2000);
    const pool = new RandomPool(3);
    const small = new Set(Array.from({ length: 600 }, () => pool.next()));
    expect(small.size).toBeGreaterThan(590); // 24 random bits each: a repeat is possible, many are not
  });
});
