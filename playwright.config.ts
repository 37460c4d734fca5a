import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright can't download its own browser here.
export const CHROMIUM = process.env.GUESTLIST_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

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
      use: { launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] } },
    },
    { name: 'electron', testDir: 'test/e2e/electron' },
  ],
});
