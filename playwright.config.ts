import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS as ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from './test/helpers/chromium';

// Debian's Chromium: Playwright can't download its own browser here.
export const CHROMIUM = process.env.GUESTLIST_CHROMIUM ?? CHROMIUM_PATH;
export const CHROMIUM_ARGS = [...ARGS];

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  projects: [
    { name: 'guest-pages', testDir: 'test/e2e/guest' },
    // V7: the live page opened by "Join live session" asks for the camera: fake devices, no prompt.
    {
      name: 'console',
      testDir: 'test/e2e/console',
      use: { launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] } },
    },
    { name: 'electron', testDir: 'test/e2e/electron' },
  ],
});
