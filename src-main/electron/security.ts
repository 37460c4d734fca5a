// Process: main. The one place that hardens the app (S4): every webContents
// gets the same guards, and the default session denies permissions and
// sends the renderer's CSP. Decisions are logged.
import { app, type Session, session, shell, type WebContents } from 'electron';
import { rendererCsp } from './csp';
import { logger } from './log';
import { hardenLiveContents, isLiveContents } from './liveWindow';
import { decidePermission } from './permissions';
import { isRendererUrl, isTrustedExternalUrl } from './trustedUrl';

const log = logger('security');

/** The electron-vite dev server, when running `npm run dev`; never set in a packaged app. */
export function devServerUrl(): string | undefined {
  return !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : undefined;
}

function openExternally(url: string, why: string): void {
  if (!isTrustedExternalUrl(url)) {
    log.warn(`refused to open ${why}: not an http, https or mailto URL`);
    return;
  }
  log.info(`opening ${why} in the system handler`);
  void shell.openExternal(url).catch((e: unknown) => log.warn('openExternal failed', e));
}

export function hardenWebContents(contents: WebContents): void {
  const dev = devServerUrl();

  contents.on('will-navigate', (event, url) => {
    // In development only, Vite's dev server may reload the renderer's own page.
    if (dev && isRendererUrl(url, dev)) return;
    event.preventDefault();
    // Not reopened outside: links meant for the browser use target=_blank
    // (the window-open handler below), so a stray navigation can't spawn tabs.
    log.warn(`blocked navigation to ${isTrustedExternalUrl(url) ? new URL(url).origin : 'a non-web URL'}`);
  });

  contents.on('will-redirect', (event) => {
    event.preventDefault();
    log.warn('blocked redirect');
  });

  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) {
      event.preventDefault();
      log.warn('blocked sub-frame navigation');
    }
  });

  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, 'window.open target');
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked <webview>');
  });
}

function isTrustedRequester(wc: WebContents | null, requestingUrl: string): boolean {
  return isRendererUrl(requestingUrl, devServerUrl()) && (wc ? isRendererUrl(wc.getURL(), devServerUrl()) : true);
}

export function hardenSession(ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const d = decidePermission(permission, details.requestingUrl, isTrustedRequester(wc, details.requestingUrl));
    log.info(`permission request ${d.permission}: ${d.allowed ? 'allowed' : 'denied'} (${d.reason})`);
    callback(d.allowed);
  });
  ses.setPermissionCheckHandler((wc, permission, requestingOrigin) => {
    const d = decidePermission(permission, requestingOrigin, isTrustedRequester(wc, requestingOrigin));
    if (!d.allowed) log.info(`permission check ${d.permission}: denied (${d.reason})`);
    return d.allowed;
  });
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => {
    event.preventDefault();
    log.warn('blocked a download started by web content');
  });

  // CSP header for the dev server's responses; app:// responses get it from the protocol handler.
  const dev = devServerUrl();
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isRendererUrl(details.url, dev)) {
      callback({ responseHeaders: details.responseHeaders });
      return;
    }
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [rendererCsp(dev)];
    callback({ responseHeaders: headers });
  });
}

/** Applies hardenWebContents to every webContents ever created, including future ones. */
export function hardenApp(): void {
  // V7: the live window (its own session) gets its own guards: its origin only, no window.open (liveWindow.ts).
  app.on('web-contents-created', (_event, contents) => (isLiveContents(contents) ? hardenLiveContents(contents) : hardenWebContents(contents)));
}
