// The renderer's only way out: `window.guestlist`, provided by the Electron
// preload (over IPC) or by the test harness (over loopback HTTP).
import type { GuestlistBridge } from '../src-main/api/bridge';

declare global {
  interface Window {
    guestlist: GuestlistBridge;
  }
}

export function bridge(): GuestlistBridge {
  return window.guestlist;
}
