// In the browser, the page under test has the bridge the app uses.
import type { GuestlistBridge } from '../../src-main/api/bridge';

declare global {
  interface Window {
    guestlist: GuestlistBridge;
  }
}
export {};
