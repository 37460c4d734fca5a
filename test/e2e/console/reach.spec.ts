// L1/L4 in Chromium against the harness: a link that opens on this computer
// only carries a warning in Share, Copy (Manage guest access) and QR, which
// goes away once the check passes; "use next free port" moves the copied link,
// and an explicit public URL stays put.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { lanAddresses } from '../../../src-main/core/network';
import { type Harness, startHarness } from './harness';

const BIN = path.resolve(__dirname, '../../../bin/guestlist.cjs');
const LOOPBACK_WARNING = 'This link opens on this computer only.';
let h: Harness | undefined;

test.afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function cli(dataDir: string, ...args: string[]) {
  return JSON.parse(execFileSync(process.execPath, [BIN, '--data', dataDir, '--json', ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '' } }));
}

function prepare(dataDir: string, title: string) {
  const media = cli(dataDir, 'media', 'add', '--title', title, '--kind', 'room');
  cli(dataDir, 'media', 'set', '--media', String(media.id), '--guest-access', 'on');
  return cli(dataDir, 'links', 'create', '--media', String(media.id), '--name', 'Everyone') as { url: string; token: string };
}

async function openConsole(browser: Browser, title: string): Promise<Page> {
  const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await ctx.newPage();
  await page.goto(h!.consoleUrl);
  await page.getByRole('button', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return page;
}

async function openManage(page: Page) {
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Manage guest access' }).click();
  return page.getByRole('dialog', { name: 'Manage guest access' });
}

test('L4: Share, Copy and QR warn next to a link that opens on this computer only; the warning goes once the check passes', async ({ browser }) => {
  h = await startHarness();
  prepare(h.dataDir, 'Reach room');
  const page = await openConsole(browser, 'Reach room');
  await expect(page.locator('footer.statusbar [role=status]')).toContainText('links open on this computer only');

  await page.getByRole('button', { name: 'Share' }).click();
  const share = page.getByRole('dialog', { name: 'Share' });
  await expect(share.getByRole('note')).toContainText(LOOPBACK_WARNING);
  await share.getByRole('button', { name: 'Close' }).first().click();

  const ga = await openManage(page);
  await expect(ga.getByRole('note')).toContainText(LOOPBACK_WARNING);
  await ga.getByRole('button', { name: 'QR code for “Everyone”' }).click();
  const qr = page.getByRole('dialog', { name: 'QR code: \u2068Everyone\u2069' });
  await expect(qr.getByRole('note')).toContainText(LOOPBACK_WARNING);
  await qr.getByRole('button', { name: 'Close' }).first().click();
  await ga.getByRole('button', { name: 'Close' }).first().click();

  // "My network": bind all interfaces; links then use a LAN address, and the check passes.
  const lan = lanAddresses().find((a) => a.family === 'IPv4');
  test.skip(!lan, 'this machine has no non-loopback IPv4 address, so no check can pass here');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const reach = page.getByRole('region', { name: 'Where guests reach you' });
  await expect(reach.getByRole('radio', { name: 'This computer only (for testing)' })).toBeChecked();
  await expect(reach.getByRole('note')).toContainText(LOOPBACK_WARNING);
  await reach.getByRole('radio', { name: 'My network' }).check();
  await expect(reach.getByLabel('Address on your network')).toContainText(lan!.address);
  await reach.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('footer.statusbar [role=status]')).toContainText('answers at its network address (checked from this computer)');
  await expect(reach).toContainText(`Checked from this computer: this listener answers at http://${lan!.address}:`);
  await expect(reach.getByRole('note')).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Reach room', exact: true }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('dialog', { name: 'Share' })).toContainText(`http://${lan!.address}:`);
  await expect(page.getByRole('dialog', { name: 'Share' }).getByRole('note')).toHaveCount(0);
  await page.getByRole('dialog', { name: 'Share' }).getByRole('button', { name: 'Close' }).first().click();
  const ga2 = await openManage(page);
  await expect(ga2.getByRole('row', { name: /Everyone/ })).toBeVisible();
  await expect(ga2.getByRole('note')).toHaveCount(0);
});

/** A port this test holds (bound on 127.0.0.1) until it lets go, right before the app binds it. */
async function holdPort(port = 0): Promise<{ port: number; release(): Promise<void> } | null> {
  const server = net.createServer();
  const ok = await new Promise<boolean>((r) => {
    server.once('error', () => r(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => r(true));
  });
  if (!ok) return null;
  return { port: (server.address() as net.AddressInfo).port, release: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Two neighbouring ports, both held: the one to block, and the next one for "Use next free port". */
async function holdTwoInARow() {
  for (let i = 0; i < 50; i++) {
    const first = await holdPort();
    const second = first && (await holdPort(first.port + 1));
    if (first && second) return { blocker: first, next: second };
    await first?.release();
  }
  throw new Error('no two neighbouring free ports on 127.0.0.1');
}

test('L1: with the port taken, "Use next free port" makes Copy hand out the new port; an explicit public URL is untouched', async ({ browser }) => {
  // The test holds every port it relies on, and lets one go only when the app
  // must bind it: the taken port (held throughout), the next one (free when
  // the listener looks for it at start), and a spare one for Settings.
  const { blocker, next: held } = await holdTwoInARow();
  const taken = blocker.port;
  const spare = (await holdPort())!;
  try {
    await held.release();
    h = await startHarness({ args: ['--listener-port', String(taken)] });
    const link = prepare(h.dataDir, 'Port room');
    const page = await openConsole(browser, 'Port room');
    const next = page.getByRole('button', { name: /Use next free port \(\d+\)/ });
    await expect(next).toBeVisible();
    const port = Number(/\((\d+)\)/.exec((await next.textContent()) ?? '')![1]);
    expect(port).toBe(taken + 1);
    await next.click();
    await expect(page.locator('footer.statusbar [role=status]')).toContainText(`Running on http://127.0.0.1:${port}`);

    const ga = await openManage(page);
    await ga.getByRole('button', { name: 'Copy link “Everyone”' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`http://127.0.0.1:${port}/g/${link.token}`);
    await ga.getByRole('button', { name: 'Close' }).first().click();

    // An explicit public URL: moving the listener again leaves it alone.
    cli(h.dataDir, 'config', 'set', 'base-url', 'https://events.example.org');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('region', { name: 'Guest listener' }).getByLabel('Port').fill(String(spare.port));
    await spare.release();
    await page.getByRole('region', { name: 'Guest listener' }).getByRole('button', { name: 'Apply' }).click();
    await expect(page.locator('footer.statusbar [role=status]')).toContainText(`Running on http://127.0.0.1:${spare.port}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Port room', exact: true }).click();
    const ga2 = await openManage(page);
    await ga2.getByRole('button', { name: 'Copy link “Everyone”' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`https://events.example.org/g/${link.token}`);

    // Saving a taken port says so in Settings: no green "saved" beside a red status bar.
    await ga2.getByRole('button', { name: 'Close' }).first().click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const listenerCard = page.getByRole('region', { name: 'Guest listener' });
    await listenerCard.getByLabel('Port').fill(String(taken));
    await listenerCard.getByRole('button', { name: 'Apply' }).click();
    await expect(listenerCard.getByRole('alert')).toContainText(`${taken}`);
    await expect(page.getByRole('status', { name: 'Notifications' })).not.toContainText('Listener settings saved.');
  } finally {
    await Promise.all([blocker.release(), held.release().catch(() => {}), spare.release().catch(() => {})]);
  }
});

test('L5: "The internet" keeps its trusted proxies: a bad entry is refused with its reason, a good list is saved and shown again', async ({ browser }) => {
  h = await startHarness();
  const page = await browser.newPage();
  await page.goto(h.consoleUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const reach = page.getByRole('region', { name: 'Where guests reach you' });
  await reach.getByRole('radio', { name: 'The internet, through a reverse proxy or tunnel' }).check();
  await reach.getByLabel('Public base URL').fill('https://events.example.org');
  await reach.getByLabel('Trusted proxies').fill('proxy.example.org');
  await reach.getByRole('button', { name: 'Save' }).click();
  await expect(reach.getByRole('alert')).toContainText('Trusted proxies must be');

  await reach.getByLabel('Trusted proxies').fill(' 10.0.0.5 ,::1');
  await reach.getByRole('button', { name: 'Save' }).click();
  await expect(reach.getByRole('alert')).toHaveCount(0);
  await expect(reach.getByLabel('Trusted proxies')).toHaveValue('10.0.0.5, ::1');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Where guests reach you' }).getByLabel('Trusted proxies')).toHaveValue('10.0.0.5, ::1');
});
