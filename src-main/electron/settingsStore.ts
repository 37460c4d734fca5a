// Process: main (pure; no electron import). Desktop settings over a
// key-value store: electron-store in the app (lifecycle.ts), `conf` with the
// same options in the test harness, both writing settings.json in the data
// folder. Validation lives in settingsSchema.ts (pure, unit-tested).
import type { AppSettings } from '../api/bridge';
import { readBounds, readSettings, type StoredSettings, validatePatch } from './settingsSchema';
import type { WindowBounds } from './windowOptions';

export type SettingsUpdate = { ok: true; before: AppSettings; after: AppSettings } | { ok: false; message: string };

/** The part of electron-store's (and conf's) API the settings use. */
export interface KeyValueStore {
  get<K extends keyof StoredSettings>(key: K): StoredSettings[K];
  set<K extends keyof StoredSettings>(key: K, value: StoredSettings[K]): void;
}

export class SettingsStore {
  constructor(private readonly store: KeyValueStore) {}

  /** Read from the file once, then kept: callers may ask often (e.g. on every knock). */
  private cached: AppSettings | null = null;

  get(): AppSettings {
    return (this.cached ??= readSettings({
      host: this.store.get('host'),
      port: this.store.get('port'),
      linkHost: this.store.get('linkHost'),
      trustProxy: this.store.get('trustProxy'),
      language: this.store.get('language'),
      notifyOnKnock: this.store.get('notifyOnKnock'),
    }));
  }

  update(patch: unknown): SettingsUpdate {
    const v = validatePatch(patch);
    if (!v.ok) return { ok: false, message: v.message };
    const before = this.get();
    const after = { ...before, ...v.value };
    this.store.set('host', after.host);
    this.store.set('port', after.port);
    this.store.set('linkHost', after.linkHost);
    this.store.set('trustProxy', after.trustProxy);
    this.store.set('language', after.language);
    this.store.set('notifyOnKnock', after.notifyOnKnock);
    this.cached = after;
    return { ok: true, before, after };
  }

  bounds(): { bounds: WindowBounds; maximized: boolean } {
    return { bounds: readBounds(this.store.get('windowBounds')), maximized: this.store.get('windowMaximized') === true };
  }

  saveBounds(bounds: WindowBounds, maximized: boolean): void {
    this.store.set('windowBounds', readBounds(bounds));
    this.store.set('windowMaximized', maximized);
  }
}
