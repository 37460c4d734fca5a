// Process: shared by main and preload (pure). The IPC channel names. Every
// operation gets its own channel, so the preload has no generic invoke.
import type { OperationName } from '../api/operationNames';

export const opChannel = (name: OperationName): `op:${OperationName}` => `op:${name}`;

export const CHANNELS = {
  event: 'event',
  getSettings: 'app:getSettings',
  setSettings: 'app:setSettings',
  listenerStatus: 'listener:status',
  useNextFreePort: 'listener:useNextFreePort',
  checkReach: 'listener:checkReach',
  lanAddresses: 'app:lanAddresses',
  clipboardWrite: 'clipboard:writeText',
  mailCompose: 'mail:compose',
  filesSave: 'files:save',
  openLiveSession: 'app:openLiveSession',
} as const;
