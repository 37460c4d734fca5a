// Issue 11 "Lists that stay small" and issue 14 "Both lists visible at
// 1280×800": a room with 200 waiting and 300 inside, seeded before the
// harness starts. Both lists' headings and first rows are inside the viewport
// (bounding boxes), in English and Hebrew, at 1280×800 and 1024×700; no list
// scrolls in a box of its own (the page scrolls, and pages of people load as
// it does); the raised hand is first and counted in the header; axe stays at 0.
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import { openCore } from '../../../src-main/core';
import { setLanguage } from './console';
import { type Harness, startHarness } from './harness';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

test.describe.configure({ mode: 'serial' });

const TITLE = 'Town hall with a crowd';
const WAITING = 200;
const INSIDE = 300;
let h: Harness;
let ctx: BrowserContext;
let page: Page;

function seed(dataDir: string) {
  const core = openCore({ dataDir });
  try {
    const m = core.media.create({ kind: 'room', title: TITLE, guestAccess: true, requireAdmission: true }, 'test');
    const link = core.links.create({ mediaId: m.id, name: 'Everyone' }, 'test');
    core.ctx.write(() => {
      for (let i = 1; i <= WAITING + INSIDE; i++) {
        const r = core.access.redeemGuestLink(link.token, { name: `Guest ${String(i).padStart(3, '0')}`, email: `guest${i}@example.org` });
        if (!r.ok) throw new Error(r.reason);
        if (i > WAITING) core.participants.admit(r.participant.id, 'test');
        // The last one in raises a hand: they must still be first in the room.
        if (i === WAITING + INSIDE) core.participants.setHand(r.participant.id, true);
      }
    });
  } finally {
    core.close();
  }
}

test.beforeAll(async ({ browser }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'guestlist-layout-'));
  seed(dataDir);
  h = await startHarness({ dataDir });
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await ctx.newPage();
  await page.goto(h.consoleUrl);
});

test.afterAll(async () => {
  await ctx?.close();
  await h?.stop();
});

async function openRoom() {
  await page.getByRole('navigation').first().getByRole('button').first().click();
  await page.getByRole('button', { name: TITLE, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
}

/** The element's box lies wholly inside the viewport. */
async function expectInside(locator: Locator, what: string) {
  const box = await locator.boundingBox();
  const vp = page.viewportSize()!;
  expect(box, `${what} has a box`).not.toBeNull();
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box!.y + box!.height, `${what}: bottom edge`).toBeLessThanOrEqual(vp.height + 0.5);
}

const headings = () => page.locator('.participants-section h3');
const tables = () => page.locator('.participants-section [role="table"]');
const firstRow = (table: Locator) => table.locator('.vtable-body [role="row"]').first();

for (const lang of ['en', 'he'] as const) {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 700 },
  ]) {
    test(`issue 14: both lists' headings and first rows are in the viewport at ${size.width}×${size.height} (${lang}), the raised hand first`, async () => {
      await page.setViewportSize(size);
      if ((await page.locator('html').getAttribute('lang')) !== lang) await setLanguage(page, lang);
      await openRoom();
      await expect(headings()).toHaveCount(2);
      await expect(headings().nth(0)).toContainText(String(WAITING));
      await expect(headings().nth(1)).toContainText(String(INSIDE));
      for (const [i, name] of [
        [0, 'Waiting'],
        [1, 'In the room'],
      ] as const) {
        await expectInside(headings().nth(i), `${name} heading`);
        await expect(firstRow(tables().nth(i))).toBeVisible();
        await expectInside(firstRow(tables().nth(i)), `${name} first row`);
      }
      await expect(firstRow(tables().nth(0))).toContainText('guest1@example.org');
      // P3: the raised hand (the last to come in) is first, and counted in the header, without scrolling.
      await expect(firstRow(tables().nth(1))).toContainText(`guest${WAITING + INSIDE}@example.org`);
      await expectInside(page.locator('.hands-count'), 'raised hands count');
      // No list scrolls in a box of its own.
      for (const t of await tables().all()) expect(await t.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    });
  }
}

test('P1: the room loads page after page as the page scrolls, never the whole room at once; axe finds nothing serious', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  if ((await page.locator('html').getAttribute('lang')) !== 'en') await setLanguage(page, 'en');
  await openRoom();
  const room = page.getByRole('table', { name: 'In the room' });
  await expect(room).toHaveAttribute('aria-rowcount', String(INSIDE + 1));
  const domRows = () => room.locator('.vtable-body [role="row"]').count();
  expect(await domRows()).toBeLessThan(60);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

  // The last person of the room (joining order, no hand) is only reached by scrolling the page to its end, page by page.
  const last = room.getByRole('row', { name: new RegExp(`guest${WAITING + INSIDE - 1}@example\\.org`) });
  for (let i = 0; i < 40 && !(await last.isVisible()); i++) {
    await page.locator('.content').evaluate((el) => el.scrollBy(0, 2000));
    await page.waitForTimeout(150);
  }
  await expect(last).toBeVisible();
  expect(await domRows()).toBeLessThan(80);
  await expect(page.locator('.vtable-head').nth(1)).toBeInViewport();
});
