// Debian's Chromium and the flags every headless launch of it uses (Playwright
// can't download its own browser here). Shared by playwright.config.ts, the
// live-session tests, the benches and the screenshot scripts.

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A fake camera and microphone, granted without a prompt. */
export const FAKE_MEDIA_ARGS: readonly string[] = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
