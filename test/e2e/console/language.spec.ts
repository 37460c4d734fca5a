// Settings → Language: the whole console follows it. Hebrew is right-to-left
// (<html dir="rtl">, the layout mirrored), passes axe, and English comes back.
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type Harness, startHarness } from './harness';

test.describe.configure({ mode: 'serial' });

let h: Harness;
let ctx: BrowserContext;
let page: Page;
const ROOM = 'Make your next event a next-level event';

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await ctx.newPage();
  await page.goto(h.consoleUrl);
  await page.evaluate(async (title) => {
    const ops = window.guestlist.ops;
    const room = await ops['media.create']({ kind: 'room', title, requireAdmission: true, guestAccess: true });
    if (!room.ok) throw new Error(room.error.message);
    await ops['links.create']({ mediaId: room.value.id, name: 'Guest speakers', clicks: 20 });
    await ops['media.create']({ kind: 'media', title: 'Product demo recording' });
  }, ROOM);
  await page.reload();
});

test.afterAll(async () => {
  await ctx?.close();
  await h?.stop();
});

async function axe(name: string) {
  await page.waitForTimeout(150);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe on ${name}`).toEqual([]);
}

test('Settings → Language: עברית, the Library in Hebrew right-to-left, then English again', async () => {
  const html = page.locator('html');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(html).toHaveAttribute('dir', 'ltr');

  await test.step('switch to Hebrew in Settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const language = page.getByLabel('Language', { exact: true });
    await expect(page.getByText('Guest pages follow each guest’s browser language')).toBeVisible();
    await expect(language.locator('option')).toHaveText(['English', 'Français', 'Español', 'עברית']);
    await language.selectOption({ label: 'עברית' });
    await expect(html).toHaveAttribute('dir', 'rtl');
    await expect(html).toHaveAttribute('lang', 'he');
    await expect(page.getByRole('heading', { level: 1, name: 'הגדרות' })).toBeVisible();
    await expect(page.getByLabel('שפה', { exact: true })).toHaveValue('he');
  });

  await test.step('the Library is in Hebrew, mirrored, and passes axe', async () => {
    await page.getByRole('navigation', { name: 'ראשי' }).getByRole('button', { name: 'ספרייה' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ספרייה' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'מדיה חדשה' })).toBeVisible();
    const table = page.getByRole('table', { name: 'רשומות מדיה' });
    await expect(table.getByRole('columnheader', { name: 'כותרת' })).toBeVisible();
    await expect(table.getByRole('row', { name: new RegExp(ROOM) })).toContainText('חדר');
    await expect(page.getByText('2 רשומות')).toBeVisible();
    // Guest-typed titles are untouched.
    await expect(page.getByRole('button', { name: ROOM, exact: true })).toBeVisible();
    // Mirrored: the sidebar is on the right, and the first column is the rightmost.
    const sidebar = (await page.locator('.sidebar').boundingBox())!;
    const content = (await page.locator('.content').boundingBox())!;
    expect(sidebar.x).toBeGreaterThan(content.x);
    const first = (await table.getByRole('columnheader').first().boundingBox())!;
    const last = (await table.getByRole('columnheader').last().boundingBox())!;
    expect(first.x).toBeGreaterThan(last.x);
    await axe('library (he)');
  });

  await test.step('a media page and Manage guest access in Hebrew pass axe', async () => {
    await page.getByRole('button', { name: ROOM, exact: true }).click();
    await expect(page.getByRole('tab', { name: 'משתתפים' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { name: 'כל המשתתפים' })).toBeVisible();
    await page.getByRole('button', { name: 'פעולות נוספות' }).click();
    await page.getByRole('menuitem', { name: 'ניהול גישת אורחים' }).click();
    const ga = page.getByRole('dialog', { name: 'ניהול גישת אורחים' });
    await expect(ga.getByText('קישור אחד', { exact: true })).toBeVisible();
    await expect(ga.getByRole('switch', { name: 'הפעלת גישת אורחים' })).toHaveAttribute('aria-checked', 'true');
    await axe('manage guest access (he)');
    await page.keyboard.press('Escape');
    await expect(ga).toBeHidden();
  });

  await test.step('back to English', async () => {
    await page.getByRole('navigation', { name: 'ראשי' }).getByRole('button', { name: 'הגדרות' }).click();
    await page.getByLabel('שפה', { exact: true }).selectOption('en');
    await expect(html).toHaveAttribute('dir', 'ltr');
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
    await expect(page.getByText('2 entries')).toBeVisible();
  });
});
