import path from 'node:path';
import { accessModule } from './access';
import { auditModule } from './audit';
import { chatModule } from './chat';
import { Ctx } from './context';
import { closeDatabase, openDatabase } from './db/open';
import { DomainEmitter } from './events';
import { guestLinksModule } from './guestLinks';
import { invitesModule } from './invites';
import { mediaModule } from './media';
import { followOtherProcesses } from './otherProcesses';
import { participantsModule } from './participants';
import { DB_FILE_NAME } from './paths';
import { settingsModule } from './settings';
import { liveSettingsModule } from './liveSettings';
import { liveModule } from './live';
import { mailSettingsModule } from './mailSettings';
import { inviteSendsModule } from './inviteSends';
import { ViewCounter } from './views';

export interface CoreOptions {
  /** Folder holding the database file. */
  dataDir: string;
  /** Injected clock, for expiry tests. */
  now?: () => Date;
  /** better-sqlite3 binding built for Electron's ABI. */
  nativeBinding?: string;
  /** How long a write waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

export function openCore(options: CoreOptions) {
  const file = path.join(options.dataDir, DB_FILE_NAME);
  const db = openDatabase(file, { nativeBinding: options.nativeBinding, busyTimeoutMs: options.busyTimeoutMs });
  const events = new DomainEmitter();
  const ctx = new Ctx(db, events, options.now ?? (() => new Date()));
  const settings = settingsModule(ctx, options.dataDir);
  const liveSettings = liveSettingsModule(ctx);
  const media = mediaModule(ctx);
  const links = guestLinksModule(ctx, media, settings);
  const invites = invitesModule(ctx, media, settings);
  const mailSettings = mailSettingsModule(ctx);
  const inviteSends = inviteSendsModule(ctx, invites, media, settings, mailSettings);
  const participants = participantsModule(ctx, media);
  const access = accessModule(ctx, participants);
  const chat = chatModule(ctx, participants);
  const audit = auditModule(ctx, media);
  const live = liveModule(ctx, participants, media, invites);
  const views = new ViewCounter(ctx);
  let stopFollowing: (() => void) | null = null;
  return {
    file,
    dataDir: options.dataDir,
    db,
    ctx,
    events,
    settings,
    liveSettings,
    media,
    links,
    invites,
    mailSettings,
    inviteSends,
    participants,
    access,
    chat,
    audit,
    live,
    views,
    /**
     * Emits the domain events of changes other processes make to the same
     * file (the CLI beside the app or `guestlist serve`). For long-running
     * hosts; a one-shot CLI command has nothing to follow. Idempotent.
     */
    followOtherProcesses(intervalMs?: number): void {
      if (stopFollowing) return;
      // Settings stay in memory while this process sees every change made elsewhere.
      settings.keepInMemory(true);
      const stop = followOtherProcesses(ctx, intervalMs, (action) => {
        if (action === 'settings.changed') settings.changedElsewhere();
      });
      stopFollowing = () => {
        stop();
        settings.keepInMemory(false);
      };
    },
    close(): void {
      stopFollowing?.();
      stopFollowing = null;
      if (!db.open) return;
      try {
        // Shutting down may wait a little for another process's lock (a serving connection has no busy timeout).
        db.pragma('busy_timeout = 2000');
        views.flush();
      } catch (e) {
        console.warn(`[core] ${views.pending} page views could not be saved before closing: ${(e as Error).message}`);
      }
      closeDatabase(db);
    },
  };
}

export type Core = ReturnType<typeof openCore>;
export { AppError, ERROR_MESSAGES, toErrorInfo, type ErrorCode, type ErrorInfo } from './errors';
export type * from './types';
