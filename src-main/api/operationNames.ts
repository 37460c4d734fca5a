// The names of the moderator operations, without zod: the sandboxed preload
// builds one method per name from this list and must not bundle zod (S4).
// schemas.ts holds one schema per name, and the compiler keeps the two equal
// (a missing or an extra schema is a type error there).
export const OPERATION_NAMES = [
  'media.create',
  'media.update',
  'media.list',
  'media.count',
  'media.get',
  'media.setAvailability',
  'media.setGuestAccess',
  'media.setRequireAdmission',
  'links.create',
  'links.list',
  'links.edit',
  'links.delete',
  'links.rotate',
  'links.qrCode',
  'invites.create',
  'invites.list',
  'invites.revoke',
  'invites.setRole',
  'invites.setSkipLobby',
  'participants.list',
  'participants.page',
  'participants.counts',
  'participants.get',
  'participants.admit',
  'participants.deny',
  'participants.denyAndBlock',
  'participants.blocked',
  'participants.unblock',
  'participants.remove',
  'participants.lowerHand',
  'participants.admitAll',
  'activity.funnel',
  'audit.list',
  'export.csv',
  'settings.get',
  'settings.set',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];
