// Issue 22 item 5, "Lists you can read": in Participants, names and emails get
// the width (Actions is only as wide as its buttons), a cut cell shows the
// whole text on hover and on keyboard focus, and five rows of each list are in
// view at 1024×700; toasts never cover the link table's buttons; the New media
// dialog keeps Create in reach and its errors honest; the room's session bar
// is not a button. A room seeded before the harness starts, with long names.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import { openCore } from '../../../src-main/core';
import { openMedia } from './console';
import { type Harness, startHarness } from './harness';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

test.describe.configure({ mode: 'serial' });

const TITLE = 'Quarterly review with long names';
const PEOPLE = 24;
const SHOTS = path.resolve(__dirname, process.env.GUESTLIST_SCREENSHOTS === 'docs' ? '../../../docs/screenshots' : '../../../test-results/screenshots');
let h: Harness;
let ctx: BrowserContext;
let page: Page;

// As long as the issue's: "Pri…" and "person.number.4…" where the columns were narrow.
const nameOf = (i: number) => `Priscilla Montgomery ${i}`;
const emailOf = (i: number) => `person.number.${i}@northwind.org`;

function seed(dataDir: string) {
  const core = openCore({ dataDir });
  try {
    const m = core.media.create({ kind: 'room', title: TITLE, guestAccess: true, requireAdmission: true }, 'test');
    const link = core.links.create({ mediaId: m.id, name: 'Everyone' }, 'test');
    core.links.create({ mediaId: m.id, name: 'Press', clicks: 50 }, 'test');
    core.ctx.write(() => {
      for (let i = 1; i <= PEOPLE; i++) {
        const r = core.access.redeemGuestLink(link.token, { name: nameOf(i), email: emailOf(i) });
        if (!r.ok) throw new Error(r.reason);
        if (i > PEOPLE / 2) core.participants.admit(r.participant.id, 'test');
        // The last one in raises a hand: first in the room, with three buttons (Let speak, Lower hand, Remove), the widest Actions.
        if (i === PEOPLE) core.participants.setHand(r.participant.id, true);
      }
    });
  } finally {
    core.close();
  }
}

test.beforeAll(async ({ browser }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'guestlist-lists-'));
  seed(dataDir);
  h = await startHarness({ dataDir });
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await ctx.newPage();
  await page.goto(h.consoleUrl);
});

test.afterAll(async () => {
  await ctx?.close();
  await h?.stop();
});

const tables = () => page.locator('.participants-section [role="table"]');
const bodyRows = (table: Locator) => table.locator('.vtable-body [role="row"]');

/** Is the element's text cut (wider than its box)? */
const isCut = (l: Locator) => l.evaluate((el) => el.scrollWidth > el.clientWidth + 1);

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`issue 22: names and emails get the width at ${size.width}×${size.height}; Actions is as wide as its buttons; a cut cell shows its whole text`, async () => {
    await page.setViewportSize(size);
    await openMedia(page, TITLE);
    await expect(tables()).toHaveCount(2);
    for (const table of await tables().all()) {
      const row = bodyRows(table).first();
      await expect(row).toBeVisible();
      const email = row.locator('.vtable-cell.email > *').first();
      const name = row.locator('.vtable-cell.name > *').first();
      const fullEmail = (await email.textContent())!;
      expect(fullEmail).toMatch(/^person\.number\.\d+@northwind.org$/);
      expect(await isCut(email), `${fullEmail} is not cut at ${size.width}`).toBe(false);
      expect(await isCut(name), 'the name is not cut').toBe(false);
      // Whatever is cut shows its whole text on hover (title) and is reachable by keyboard (focusable, its whole text its name).
      for (const cell of [name, email]) {
        const full = (await cell.textContent())!;
        if (await isCut(cell)) {
          await expect(cell).toHaveAttribute('title', new RegExp(full.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
          await cell.focus();
          await expect(cell).toBeFocused();
          // On focus the cell shows the whole text: it is no longer cut.
          expect(await isCut(cell), `${full} is whole on focus`).toBe(false);
          await cell.blur();
        }
      }
      // Actions is only as wide as its buttons (plus a little).
      const actions = row.locator('.vtable-cell.actions');
      const cellWidth = (await actions.boundingBox())!.width;
      const buttonsWidth = await actions.locator('.row-actions').evaluate((el) => el.getBoundingClientRect().width);
      expect(cellWidth - buttonsWidth, 'Actions column slack').toBeLessThanOrEqual(8);
    }
  });
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`issue 22: at ${size.width}×${size.height} a typical name and email ("Priscilla Montgomery 12", "person.number.12@northwind.org") are whole in both tables`, async () => {
    await page.setViewportSize(size);
    await openMedia(page, TITLE);
    await expect(tables()).toHaveCount(2);
    // Waiting shows its first five until "Show all": 12 is the last one waiting, 24 the last one in (hand raised, three buttons).
    await page.getByRole('button', { name: `Show all ${PEOPLE / 2} waiting` }).click();
    for (const [i, n] of [
      [0, PEOPLE / 2],
      [1, PEOPLE],
    ] as const) {
      const row = bodyRows(tables().nth(i)).filter({ has: page.getByText(emailOf(n), { exact: true }) });
      await expect(row).toHaveCount(1);
      await row.scrollIntoViewIfNeeded();
      const name = row.locator('.vtable-cell.name > *').first();
      const email = row.locator('.vtable-cell.email > *').first();
      await expect(name).toHaveText(nameOf(n));
      await expect(email).toHaveText(emailOf(n));
      expect(await isCut(name), `${nameOf(n)} is whole at ${size.width}`).toBe(false);
      expect(await isCut(email), `${emailOf(n)} is whole at ${size.width}`).toBe(false);
      // Wholly in view across: nothing past the table's edge either.
      const tb = (await tables().nth(i).boundingBox())!;
      for (const cell of [name, email]) {
        const b = (await cell.boundingBox())!;
        expect(b.x).toBeGreaterThanOrEqual(tb.x);
        expect(b.x + b.width).toBeLessThanOrEqual(tb.x + tb.width + 0.5);
      }
    }
    await page.getByRole('button', { name: 'Show fewer' }).click();
  });
}

test('issue 22: at 1024×700 at least five rows of each list are in view at once', async () => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openMedia(page, TITLE);
  await expect(tables()).toHaveCount(2);
  // The Participants tab at the top of the content area: both lists' first five rows in the viewport together.
  await page.getByRole('tablist').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(200);
  const vp = page.viewportSize()!;
  for (const [i, what] of [
    [0, 'Waiting'],
    [1, 'In the room'],
  ] as const) {
    const rows = bodyRows(tables().nth(i));
    expect(await rows.count(), `${what} has five rows`).toBeGreaterThanOrEqual(5);
    for (let r = 0; r < 5; r++) {
      const box = (await rows.nth(r).boundingBox())!;
      expect(box.y, `${what} row ${r + 1}: top`).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `${what} row ${r + 1}: bottom`).toBeLessThanOrEqual(vp.height - 32 + 0.5);
    }
  }
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  // The README's picture (GUESTLIST_SCREENSHOTS=docs), as screens.spec.ts takes its own.
  await page.screenshot({ path: path.join(SHOTS, '20-participants-1024x700.png') });
});

/** Do two boxes overlap? */
const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const size of [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
]) {
  test(`issue 22: toasts never cover the link table's buttons at ${size.width}×${size.height}`, async () => {
    await page.setViewportSize(size);
    await openMedia(page, TITLE);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Manage guest access' }).click();
    const ga = page.getByRole('dialog', { name: 'Manage guest access' });
    const buttons = ga.locator('table button');
    await expect(buttons.first()).toBeVisible();
    // Copy each link twice: a stack of toasts.
    for (const name of ['Everyone', 'Press', 'Everyone', 'Press']) await ga.getByRole('button', { name: `Copy link “${name}”` }).click();
    const toasts = page.locator('.toast');
    await expect(toasts).toHaveCount(4);
    await page.waitForTimeout(200);
    for (const toast of await toasts.all()) {
      const tb = (await toast.boundingBox())!;
      for (const b of await buttons.all()) {
        const bb = await b.boundingBox();
        if (bb) expect(overlap(tb, bb), `a toast covers ${await b.getAttribute('aria-label')}`).toBe(false);
      }
    }
    // Every button can still be pressed where it is: the element at its centre is itself.
    for (const b of await buttons.all()) {
      const bb = (await b.boundingBox())!;
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.getAttribute('aria-label') ?? null, [bb.x + bb.width / 2, bb.y + bb.height / 2]);
      expect(hit).toBe(await b.getAttribute('aria-label'));
    }
    const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await page.keyboard.press('Escape');
    await expect(ga).toBeHidden();
  });
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1024, height: 600 },
]) {
  test(`issue 22: New media keeps Cancel and Create in view at ${size.width}×${size.height} while its form scrolls`, async () => {
    await page.setViewportSize(size);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'New media' }).click();
    const dialog = page.getByRole('dialog', { name: 'New media' });
    await dialog.getByLabel('Scheduled').check();
    for (const name of ['Create', 'Cancel']) {
      const b = dialog.getByRole('button', { name, exact: true });
      await expect(b).toBeInViewport({ ratio: 1 });
      const bb = (await b.boundingBox())!;
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent ?? null, [bb.x + bb.width / 2, bb.y + bb.height / 2]);
      expect(hit, `${name} is not covered`).toBe(name);
    }
    // The form scrolls under them: the first field is reached by scrolling up, and the buttons stay.
    await dialog.getByLabel('Available').scrollIntoViewIfNeeded();
    await dialog.getByLabel('Title *').focus();
    await expect(dialog.getByRole('button', { name: 'Create', exact: true })).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
}

test('issue 22: New media flags every invalid field at once, and a fixed field loses its error as soon as it is fixed', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'New media' }).click();
  const dialog = page.getByRole('dialog', { name: 'New media' });
  await dialog.getByLabel('Scheduled').check();
  await dialog.getByLabel('Time zone').fill('Nowhere/Atlantis');
  await dialog.getByLabel(/Doors open/).fill('5000');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  const fields = {
    title: dialog.getByLabel('Title *'),
    start: dialog.getByLabel('Starts'),
    end: dialog.getByLabel('Ends'),
    tz: dialog.getByLabel('Time zone'),
    doors: dialog.getByLabel(/Doors open/),
  };
  for (const [name, field] of Object.entries(fields)) await expect(field, `${name} is flagged`).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('.field-error')).toHaveCount(5);
  await expect(fields.title).toBeFocused();

  // Each fix takes its own error away at once, without pressing Create again; the others stay.
  await fields.title.fill('Spring town hall');
  await expect(fields.title).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('A title is required', { exact: false })).toHaveCount(0);
  await expect(dialog.locator('.field-error')).toHaveCount(4);
  await fields.tz.fill('Europe/Paris');
  await expect(fields.tz).not.toHaveAttribute('aria-invalid', 'true');
  await fields.doors.fill('15');
  await expect(fields.doors).not.toHaveAttribute('aria-invalid', 'true');
  await fields.start.fill('2031-05-04T10:00');
  await expect(fields.start).not.toHaveAttribute('aria-invalid', 'true');
  await expect(fields.end).toHaveAttribute('aria-invalid', 'true');
  await fields.end.fill('2031-05-04T09:00');
  // Still before the start: still flagged.
  await expect(fields.end).toHaveAttribute('aria-invalid', 'true');
  await fields.end.fill('2031-05-04T11:00');
  await expect(fields.end).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('.field-error')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('issue 22: the room\'s "Room session" line is information, and does not look like a button', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openMedia(page, TITLE);
  const bar = page.getByRole('region', { name: 'Room', exact: true });
  await expect(bar).toContainText('Room session');
  await expect(bar).toContainText(`${PEOPLE / 2} in the room · ${PEOPLE / 2} waiting`);
  expect(await bar.getByRole('button').count()).toBe(0);
  const look = await bar.evaluate((el) => {
    const s = getComputedStyle(el);
    return { cursor: s.cursor, image: s.backgroundImage, color: s.backgroundColor, radius: s.borderTopLeftRadius, border: s.borderTopWidth };
  });
  // No fill, no rounded box, no pointer: plain text on the page.
  expect(look).toEqual({ cursor: 'auto', image: 'none', color: 'rgba(0, 0, 0, 0)', radius: '0px', border: '0px' });
});
