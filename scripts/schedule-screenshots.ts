// The guest pages of a schedule (docs/screenshots/schedule-*.png): the entry page and the lobby before the
// doors open (start and countdown), and the denied page once the session has ended. Run: npx tsx scripts/schedule-screenshots.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openCore } from '../src-main/core';
import { createListener } from '../src-main/listener';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/helpers/chromium';

(async () => {
  const core = openCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gl-shot-')) });
  const start = new Date(Date.now() + (2 * 60 + 14) * 60_000 + 37_000);
  const media = core.media.create({ kind: 'room', title: 'Quarterly all-hands', guestAccess: true, requireAdmission: false, schedule: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 60 * 60_000).toISOString(), timeZone: 'Europe/Paris' } }, 'shot');
  const link = core.links.create({ mediaId: media.id, name: 'Everyone', clicks: null, days: null }, 'shot');
  const l = await createListener({ core, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage({ viewport: { width: 900, height: 820 } });
  await page.goto(`${l.url}/g/${link.token}`);
  await page.screenshot({ path: path.resolve(__dirname, '../docs/screenshots/schedule-early-entry.png'), fullPage: true });
  await page.fill('#name', 'Dana Levi');
  await page.fill('#email', 'dana@example.org');
  await page.click('button[type=submit]:has-text("Join")');
  await page.waitForURL(/\/s\/lobby/);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.resolve(__dirname, '../docs/screenshots/schedule-countdown-lobby.png'), fullPage: true });
  // the ended page
  core.media.update(media.id, { schedule: { startsAt: '2026-12-01T14:00:00.000Z', endsAt: '2026-12-01T15:00:00.000Z', timeZone: 'Europe/Paris' }, contact: 'events@example.org' }, 'shot');
  const p2 = await browser.newPage({ viewport: { width: 900, height: 600 } });
  await p2.goto(`${l.url}/g/${link.token}`);
  await p2.screenshot({ path: path.resolve(__dirname, '../docs/screenshots/schedule-session-ended.png'), fullPage: true });
  await browser.close();
  await l.close();
  core.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
