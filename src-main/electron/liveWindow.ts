// Process: main. V7 "Join live session": the room page opens as the app's own
// moderator in a window of its own, hardened like the main window (context
// isolation, sandbox, no Node, no preload) in a session of its own (the
// in-memory 'live' partition: nothing of the main window's, nothing kept).
// That session may use the camera and microphone for the listener's origin
// only (decideLivePermission); navigation stays on that origin and
// window.open is denied. Decisions are logged.
import { BrowserWindow, type Session, session, type WebContents } from 'electron';
import { logger } from './log';
import { decideLivePermission } from './permissions';
import { isLiveNavigationAllowed, type LiveSessionTarget } from './trustedUrl';
import { hardenedWebPreferences } from './windowOptions';

const log = logger('live-window');

/** In-memory (no `persist:`): the seat's cookie is gone when the app quits. */
export const LIVE_PARTITION = 'live';

let liveOrigin: string | null = null;
let hardened: Session | null = null;

export function liveSession(): Session {
  return session.fromPartition(LIVE_PARTITION);
}

/** Whether these contents belong to the live window's session (security.ts leaves them to hardenLiveContents). */
export function isLiveContents(contents: WebContents): boolean {
  // The live session exists once a live window was asked for; until then nothing is live.
  return hardened !== null && contents.session === hardened;
}

function hardenLiveSession(ses: Session): void {
  if (hardened === ses) return;
  hardened = ses;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const types = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? details.mediaTypes : [];
    const d = decideLivePermission(permission, details.requestingUrl, liveOrigin ?? '', types);
    log.info(`live permission request ${d.permission}: ${d.allowed ? 'allowed' : 'denied'} (${d.reason})`);
    callback(d.allowed);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    const type = (details as { mediaType?: string }).mediaType;
    const d = decideLivePermission(permission, requestingOrigin, liveOrigin ?? '', type ? [type] : []);
    return d.allowed;
  });
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => {
    event.preventDefault();
    log.warn('blocked a download in the live window');
  });
}

/** The live window's guards, in place of security.ts's (which allow no navigation at all). */
export function hardenLiveContents(contents: WebContents): void {
  const guard = (event: { preventDefault(): void }, url: string, what: string) => {
    if (liveOrigin && isLiveNavigationAllowed(url, liveOrigin)) return;
    event.preventDefault();
    log.warn(`blocked live window ${what} away from the live session's origin`);
  };
  contents.on('will-navigate', (event, url) => guard(event, url, 'navigation'));
  contents.on('will-redirect', (event, url) => guard(event, url, 'redirect'));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) {
      event.preventDefault();
      log.warn('blocked sub-frame navigation in the live window');
    }
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

let liveWindow: BrowserWindow | null = null;

export function openLiveWindow(target: LiveSessionTarget): void {
  liveOrigin = target.origin;
  const ses = liveSession();
  hardenLiveSession(ses);
  if (liveWindow && !liveWindow.isDestroyed()) liveWindow.close();
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 480,
    minHeight: 360,
    show: false,
    title: 'Guestlist — live',
    backgroundColor: '#ffffff',
    // The main window's hardening (windowOptions.ts), without its preload, in
    // the live session. The flags restated so the call site reads, and
    // electronegativity checks, the same (as lifecycle.ts does).
    webPreferences: {
      ...hardenedWebPreferences(),
      session: ses,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  liveWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (liveWindow === win) liveWindow = null;
  });
  win.loadURL(target.url).catch((e: unknown) => log.warn('live window load failed', e));
}
