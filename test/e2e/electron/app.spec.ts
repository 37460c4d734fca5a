// The desktop app end to end (S4, L1, L3, O2, G6): the built Electron app
// with a fresh data folder, driven by role and label like a person would;
// a guest redeems the link over HTTP against the listener the app started.
// Runs wherever the Electron binary exists; elsewhere it is skipped, and
// the reason is printed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, expect, type Page, request, test } from '@playwright/test';
import { findElectron, ROOT } from './electronBinary';

const lookup = findElectron();
const ROOM = 'Quarterly town hall';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// Printed so the reason shows in the run's output, not only in the report.
if (lookup.reason) console.log(`[electron e2e] skipped: ${lookup.reason}`);

test.describe('Electron app', () => {
  test.skip(lookup.reason !== null, `Electron e2e skipped: ${lookup.reason}`);

  let app: ElectronApplication | undefined;
  let dataDir = '';

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('S4, L3, O2, G6: hardened window; a room, a guest link, an HTTP redemption, the guest in Participants', async () => {
    // A fresh build of main, preload and renderer (about 2 s).
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guestlist-e2e-electron-'));
    const port = await freePort();
    // Settings live in the data folder (userData follows GUESTLIST_DATA_DIR).
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ host: '127.0.0.1', port, notifyOnKnock: false }));
    app = await electron.launch({
      executablePath: lookup.executablePath!,
      // The project folder: its package.json "main" is out/main/index.js.
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, GUESTLIST_DATA_DIR: dataDir, NODE_ENV: 'production' },
    });
    const electronApp = app;
    const page: Page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    await test.step('S4: no Node in the renderer, a narrow bridge, app:// origin, hardened prefs', async () => {
      expect(page.url()).toBe('app://guestlist/index.html');
      const probe = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as unknown as { guestlist: object }).guestlist).sort(),
      }));
      expect(probe).toEqual({ require: 'undefined', process: 'undefined', bridge: ['app', 'clipboard', 'files', 'listener', 'mail', 'onEvent', 'ops'] });
      const prefs = await electronApp.evaluate(({ BrowserWindow }) => {
        // getLastWebPreferences is real but missing from electron.d.ts.
        const wc = BrowserWindow.getAllWindows()[0]?.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null } | undefined;
        const p = wc?.getLastWebPreferences();
        return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    });

    const status = await page.evaluate(() => (globalThis as unknown as { guestlist: { listener: { status(): Promise<{ state: string; url: string | null; port: number }> } } }).guestlist.listener.status());
    expect(status.state).toBe('running');
    expect(status.port).toBe(port);
    const listenerUrl = status.url!;
    expect(fs.existsSync(path.join(dataDir, 'guestlist.db'))).toBe(true);

    await test.step('create a room', async () => {
      await page.getByRole('button', { name: 'New media' }).click();
      const dlg = page.getByRole('dialog', { name: 'New media' });
      await dlg.getByLabel('Title *').fill(ROOM);
      await dlg.getByLabel('Kind').selectOption('room');
      await dlg.getByRole('button', { name: 'Create' }).click();
      await expect(page.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
    });

    const ga = page.getByRole('dialog', { name: 'Manage guest access' });
    await test.step('enable guest access and create a guest link', async () => {
      await page.getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menuitem', { name: 'Manage guest access' }).click();
      const toggle = ga.getByRole('switch', { name: 'Enable guest access' });
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-checked', 'true');
      await ga.getByRole('button', { name: 'Create new link' }).click();
      const create = page.getByRole('dialog', { name: 'Create new link' });
      await create.getByLabel(/Link Name/).fill('Press');
      await create.getByRole('button', { name: 'Create' }).click();
      await expect(create).toBeHidden();
      await expect(ga.getByRole('row', { name: /Press/ })).toBeVisible();
    });

    let linkPath = '';
    await test.step('G6: copy puts the full URL on the clipboard (done in main)', async () => {
      await electronApp.evaluate(({ clipboard }) => clipboard.clear());
      await ga.getByRole('button', { name: 'Copy link “Press”' }).click();
      await expect.poll(() => electronApp.evaluate(({ clipboard }) => clipboard.readText())).toMatch(/^https?:\/\/.+\/g\/[A-Za-z0-9_-]{22,}$/);
      linkPath = new URL(await electronApp.evaluate(({ clipboard }) => clipboard.readText())).pathname;
      await page.keyboard.press('Escape');
    });

    await test.step('a guest redeems the link over HTTP', async () => {
      const guest = await request.newContext({ baseURL: listenerUrl });
      const entry = await guest.get(linkPath);
      expect(entry.status()).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await entry.text())?.[1];
      expect(csrf).toBeTruthy();
      const submitted = await guest.post(linkPath, { form: { _csrf: csrf!, name: 'Grace Guest', email: 'grace@example.com' }, maxRedirects: 5 });
      expect(submitted.status()).toBeLessThan(400);
      await guest.dispose();
    });

    await test.step('the guest appears in Participants without a refresh', async () => {
      await page.getByRole('tab', { name: 'Participants' }).click();
      await expect(page.getByRole('row', { name: /grace@example\.com/ })).toBeVisible();
    });
  });
});
