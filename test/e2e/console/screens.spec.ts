// Every main screen: axe finds 0 serious or critical issues, and a
// screenshot goes to docs/screenshots/ for the README.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type Harness, startHarness } from './harness';

test.describe.configure({ mode: 'serial' });

// The README's pictures are refreshed on demand (GUESTLIST_SCREENSHOTS=docs), so
// an ordinary test run leaves the work tree clean.
const SHOTS = path.resolve(__dirname, process.env.GUESTLIST_SCREENSHOTS === 'docs' ? '../../../docs/screenshots' : '../../../test-results/screenshots');
let h: Harness;
let ctx: BrowserContext;
let page: Page;
const guestContexts: BrowserContext[] = [];

async function axeAndShot(name: string) {
  // Let toasts and transitions settle so the picture is stable.
  await page.waitForTimeout(150);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe on ${name}`).toEqual([]);
  // Dismiss toasts (the app's CSP refuses injected styles, so hide them the user's way).
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await ctx.newPage();
  await page.goto(h.consoleUrl);
  // Seed through the same bridge the app uses.
  await page.evaluate(async () => {
    const ops = window.guestlist.ops;
    const start = new Date(Date.now() + 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const end = new Date(start.getTime() + 45 * 60_000);
    const room = await ops['media.create']({
      kind: 'room',
      title: 'Make your next event a next-level event',
      description: 'Quarterly all-hands with guest speakers.',
      schedule: { startsAt: start.toISOString(), endsAt: end.toISOString(), timeZone: 'America/New_York' },
      requireAdmission: true,
      guestAccess: true,
    });
    await ops['media.create']({ kind: 'media', title: 'Product demo recording', description: 'Screen recording of the spring release.' });
    await ops['media.create']({ kind: 'channel-room', title: 'Support channel office hours' });
    await ops['media.create']({ kind: 'gallery-room', title: 'Design review gallery', available: false });
    if (!room.ok) throw new Error(room.error.message);
    const mediaId = room.value.id;
    await ops['links.create']({ mediaId, name: 'Kaltura Room', days: 30 });
    await ops['links.create']({ mediaId, name: 'Guest speakers', clicks: 20 });
    await ops['invites.create']({ mediaId, emails: ['sam@example.org', 'lee@example.net'], role: 'speaker' });
  });
  await page.reload();
});

test.afterAll(async () => {
  await ctx?.close();
  await h?.stop();
});

async function joinAsGuest(browser: Browser, url: string, name: string, email: string) {
  // One context per guest: a guest's session cookie keeps their place in the lobby.
  const c = await browser.newContext();
  guestContexts.push(c);
  const g = await c.newPage();
  await g.goto(url);
  await g.getByLabel(/Your name/).fill(name);
  await g.getByLabel(/Email/).fill(email);
  await g.getByRole('button', { name: 'Join' }).click();
  await expect(g.getByRole('heading', { name: 'Waiting room' })).toBeVisible();
  return g;
}

test('screens pass axe and are captured', async ({ browser }) => {
  test.setTimeout(180_000);

  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Make your next event a next-level event', exact: true })).toBeVisible();
  await axeAndShot('01-library');

  await page.getByRole('button', { name: 'New media' }).click();
  await page.getByRole('dialog', { name: 'New media' }).getByLabel('Scheduled').check();
  await axeAndShot('02-new-media');
  await page.keyboard.press('Escape');

  // Guests knock through the real listener.
  if (h.listenerUrl) {
    const url = await page.evaluate(async () => {
      const r = await window.guestlist.ops['links.list']({ mediaId: 1 });
      return r.ok ? r.value[0]!.url : '';
    });
    const names: [string, string][] = [
      ['Ada Lovelace', 'ada@example.com'],
      ['Grace Hopper', 'grace@example.com'],
      ['Alan <b>Turing</b>', 'alan@example.com'],
      ['Katherine Johnson', 'kj@example.com'],
    ];
    for (const [n, e] of names) await joinAsGuest(browser, url, n, e);
  }

  await page.getByRole('button', { name: 'Make your next event a next-level event', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'All participants' })).toBeVisible();
  if (h.listenerUrl) {
    await expect(page.getByRole('heading', { name: 'Waiting (4)' })).toBeVisible();
    await page.getByRole('button', { name: 'Admit Ada Lovelace' }).click();
    await page.getByRole('button', { name: 'Admit Grace Hopper' }).click();
    await expect(page.getByRole('heading', { name: 'In the room (2)' })).toBeVisible();
  }
  await axeAndShot('03-media-participants');
  if (h.listenerUrl) {
    // The details panel: the full name and email, never cut (a click or Enter on the name).
    await page.getByRole('button', { name: 'Details of Ada Lovelace' }).click();
    const details = page.getByRole('dialog', { name: 'Participant details' });
    await expect(details.getByText('ada@example.com', { exact: true })).toBeVisible();
    await axeAndShot('14-participant-details');
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();
  }

  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('dialog', { name: 'Share' })).toBeVisible();
  await axeAndShot('04-share');
  await page.getByRole('dialog', { name: 'Share' }).getByRole('button', { name: 'Guest access' }).click();

  const ga = page.getByRole('dialog', { name: 'Manage guest access' });
  await expect(ga.getByText('2 links', { exact: true })).toBeVisible();
  await axeAndShot('05-manage-guest-access');

  // Edit link: the Create new link form for an existing link; the URL stays.
  await ga.getByRole('button', { name: 'Edit link “Guest speakers”' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit link' });
  await expect(edit.getByLabel('Link Name *')).toHaveValue('Guest speakers');
  await edit.getByLabel('# of clicks').fill('40');
  await axeAndShot('15-edit-link');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(edit).toBeHidden();
  await expect(ga).toBeVisible();

  await ga.getByRole('button', { name: 'Create new link' }).click();
  const create = page.getByRole('dialog', { name: 'Create new link' });
  await create.getByLabel('# of clicks').fill('0');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByText('A link name is required (1–100 characters).')).toBeVisible();
  await axeAndShot('06-create-new-link');
  await create.getByLabel('Link Name *').fill('Press');
  await create.getByLabel('# of clicks').fill('50');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(ga.getByText('3 links', { exact: true })).toBeVisible();
  await expect(ga.getByRole('button', { name: 'Create new link' })).toBeDisabled();

  await ga.getByRole('button', { name: 'QR code for “Kaltura Room”' }).click();
  const qr = page.getByRole('dialog', { name: 'QR code: \u2068Kaltura Room\u2069' });
  await expect(qr.getByRole('img', { name: /QR code for the guest link/ })).toBeVisible();
  await axeAndShot('07-qr-code');
  await qr.getByRole('button', { name: 'Save as PNG' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('QR code saved to');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(ga).toBeHidden();

  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Invite users' }).click();
  const inv = page.getByRole('dialog', { name: 'Invite users' });
  await inv.getByLabel('Email addresses').fill('maria@example.com\nsam@example.org\nnot an email');
  await inv.getByLabel('Role', { exact: true }).selectOption('moderator');
  await inv.getByRole('button', { name: 'Create links' }).click();
  await expect(inv.getByRole('heading', { name: /1 invited/ })).toBeVisible();
  await axeAndShot('08-invite-users');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Invites' }).click();
  await axeAndShot('09-invites');
  await page.getByRole('tab', { name: 'Link activity' }).click();
  await expect(page.getByRole('img', { name: /page views/ }).first()).toBeVisible();
  await axeAndShot('10-link-activity');
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await expect(page.getByRole('table', { name: /Audit log/ })).toContainText('Created guest link');
  await axeAndShot('11-audit-log');

  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Exported to');

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Where guests reach you' }).getByRole('radio', { name: 'This computer only (for testing)' })).toBeChecked();
  await axeAndShot('12-settings');

  // Channel room: Manage guest access explains M2.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Support channel office hours', exact: true }).click();
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Manage guest access' }).click();
  await expect(page.getByRole('dialog', { name: 'Manage guest access' })).toContainText('aren’t supported for channel rooms');
  await axeAndShot('13-channel-room-guest-access');
  for (const c of guestContexts) await c.close();
});
