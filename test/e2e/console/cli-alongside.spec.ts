// O1/P1/P3: the CLI and the app on one data folder at the same time. What a
// moderator prepares in a terminal shows up in the open console, and a guest
// admitted from the terminal moves from Waiting to In the room there, with
// no refresh.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type Harness, startHarness } from './harness';

const BIN = path.resolve(__dirname, '../../../bin/guestlist.cjs');
let h: Harness;

test.afterAll(async () => {
  await h?.stop();
});

function cli(...args: string[]) {
  return JSON.parse(execFileSync(process.execPath, [BIN, '--data', h.dataDir, '--json', ...args], { encoding: 'utf8', env: { ...process.env, GUESTLIST_DATA_DIR: '' } }));
}

test('P3: changes made with the CLI appear in the open console without a refresh', async ({ page, browser }) => {
  h = await startHarness();
  await page.goto(h.consoleUrl);
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();

  const media = cli('media', 'add', '--title', 'Prepared in a terminal', '--kind', 'room', '--require-admission');
  await page.getByRole('button', { name: 'Prepared in a terminal', exact: true }).click();
  cli('media', 'set', '--media', String(media.id), '--guest-access', 'on');
  const link = cli('links', 'create', '--media', String(media.id), '--name', 'Terminal link');

  // A guest knocks through the listener the console's process runs.
  const guestCtx = await browser.newContext();
  const guest = await guestCtx.newPage();
  await guest.goto(link.url.replace(/^https?:\/\/[^/]+/, h.listenerUrl!));
  await guest.getByLabel('Your name (required)').fill('Terry Minal');
  await guest.getByLabel('Email (required)').fill('terry@example.com');
  await guest.getByRole('button', { name: 'Join' }).click();
  const waiting = page.getByRole('table', { name: 'Waiting' });
  await expect(waiting.getByRole('row', { name: /Terry Minal/ })).toBeVisible();

  const [p] = cli('participants', 'list', '--media', String(media.id));
  cli('participants', 'admit', '--participant', String(p.id));
  await expect(page.getByRole('table', { name: 'In the room' }).getByRole('row', { name: /Terry Minal/ })).toBeVisible();
  await expect(waiting.getByRole('row', { name: /Terry Minal/ })).toHaveCount(0);
  await expect(guest.getByText("You're in — Terry Minal")).toBeVisible();
  await guestCtx.close();
});
