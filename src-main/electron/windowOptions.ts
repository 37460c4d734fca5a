// Process: main (pure). The BrowserWindow options, hardened (S4). A unit test
// fails if any hardening flag is dropped, so change this file with care.

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** The hardening every window of the app gets (the main window and the live window). */
export interface HardenedWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  enableBlinkFeatures: '';
  disableBlinkFeatures: 'Auxclick';
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: boolean;
}

export interface MainWindowOptions extends Partial<WindowBounds> {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: false;
  title: string;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: HardenedWebPreferences & { preload: string };
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1200, height: 800 };

export function windowOptions(preloadPath: string, bounds: Partial<WindowBounds> = {}): MainWindowOptions {
  const { x, y } = bounds;
  return {
    width: clampSize(bounds.width, DEFAULT_BOUNDS.width, 800),
    height: clampSize(bounds.height, DEFAULT_BOUNDS.height, 560),
    ...(Number.isInteger(x) && Number.isInteger(y) ? { x, y } : {}),
    minWidth: 800,
    minHeight: 560,
    // Shown on 'ready-to-show', so there's no white flash.
    show: false,
    title: 'Guestlist',
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: { preload: preloadPath, ...hardenedWebPreferences() },
  };
}

/** Context isolation, sandbox, no Node, no webview, no insecure content, no experimental or extra Blink features. */
export function hardenedWebPreferences(): HardenedWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // Middle-click would open links in a new window; window.open is denied anyway.
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

function clampSize(v: number | undefined, fallback: number, min: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 10_000 ? v : fallback;
}
