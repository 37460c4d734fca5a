// Process: main. Desktop settings persisted with electron-store (in the
// data folder). Validation lives in settingsSchema.ts (pure, unit-tested).
import Store from 'electron-store';
import type { AppSettings } from '../api/bridge';
import { readBounds, readSettings, SETTINGS_FILE_NAME, type StoredSettings, storeOptions, validatePatch } from './settingsSchema';
import type { WindowBounds } from './windowOptions';

export type SettingsUpdate = { ok: true; before: AppSettings; after: AppSettings } | { ok: false; message: string };

export class SettingsStore {
  private readonly store = new Store<StoredSettings>({ name: SETTINGS_FILE_NAME, ...storeOptions() });

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
