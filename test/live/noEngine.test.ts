// V5: without an engine, rooms keep working (the page, the chat, the people
// list) and the page says plainly that live audio and video are unavailable,
// and how to get them. Real listener on 127.0.0.1, real Chromium.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInEngine, LIVE_OFF_REASON, OffEngine } from '../../src-main/live';
import { readLiveStatus } from '../../src-main/live/status';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import { tmpDir } from '../helpers/tmp';
import { guestSetup, type Harness, startHarness } from '../listener/helpers';

const hasChromium = fs.existsSync(CHROMIUM_PATH);

async function roomPageText(h: Harness, token: string): Promise<{ live: string; chat: boolean; status: number }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${h.base}/g/${token}`);
    await page.fill('input[name=name]', 'Ana');
    await page.fill('input[name=email]', 'ana@example.org');
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/\/s$/);
    await page.locator('#live .live-status', { hasText: 'unavailable' }).waitFor({ timeout: 10_000 });
    return { live: (await page.locator('#live').textContent()) ?? '', chat: await page.locator('#chat').isVisible(), status: 200 };
  } finally {
    await browser.close();
  }
}

describe.skipIf(!hasChromium)('V5: a room without a live engine', () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it('V5: with no Janus installed, the room page says live media is unavailable and how to get it; the rest of the page works', async () => {
    const engine = builtInEngine({ runtimeDir: tmpDir('guestlist-nojanus-'), binary: '/nonexistent/janus' });
    h = await startHarness({ liveEngine: engine });
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const page = await roomPageText(h, link.token);
    expect(page.live).toContain('Live audio and video are unavailable right now.');
    expect(page.live).toContain('install Janus');
    expect(page.chat).toBe(true);
    expect(engine.status()).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('/nonexistent/janus') });
    // The CLI and the app read the same state from live.json.
    await new Promise((r) => setTimeout(r, 300));
    expect(readLiveStatus(h.core.dataDir).engine).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('not found') });
    await h.close();
    h = undefined as unknown as Harness;
  }, 30_000);

  it('V5: with the engine turned off, the page says so too', async () => {
    h = await startHarness({ liveEngine: new OffEngine(LIVE_OFF_REASON) });
    const { link } = guestSetup(h.core, { requireAdmission: false });
    const page = await roomPageText(h, link.token);
    expect(page.live).toContain('Live audio and video are unavailable right now.');
  }, 30_000);
});
