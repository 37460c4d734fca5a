// The native parts (menu, dialogs, notifications) follow Settings → Language.
import { knockNotificationText, waitingNotificationText } from '../../src-main/host/knockNotifier';
import { NATIVE_LANGS, nativeText } from '../../src-main/electron/nativeText';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('native words in the console languages', () => {
  it('covers exactly the languages the console speaks (LANGS in src-renderer/locales/types.ts)', () => {
    // Read as text: the renderer's module needs the DOM.
    const src = fs.readFileSync(path.resolve(__dirname, '../../src-renderer/locales/types.ts'), 'utf8');
    const langs = /export const LANGS = \[([^\]]*)\]/.exec(src)?.[1]?.match(/[a-z-]+/gi) ?? [];
    expect(langs.length).toBeGreaterThan(1);
    expect([...NATIVE_LANGS].sort()).toEqual(langs.sort());
  });

  it.each(NATIVE_LANGS.filter((l) => l !== 'en'))('%s translates every menu label, dialog and notification', (lang) => {
    const en = nativeText('en');
    const t = nativeText(lang);
    for (const key of Object.keys(en.menu) as Array<keyof typeof en.menu>) expect(t.menu[key], key).not.toBe(en.menu[key]);
    expect(t.port.message(4410)).not.toBe(en.port.message(4410));
    expect(t.port.message(4410)).toContain('4410');
    expect(t.port.use(4411)).toContain('4411');
    expect(t.restart.message).not.toBe(en.restart.message);
    expect(t.restart.detail('X')).toContain('X');
    expect(t.knock.one('Ada', 'Town hall').body).toContain('Ada');
    expect(t.knock.one('Ada', 'Town hall').body).toContain('Town hall');
    expect(t.knock.one('Ada', 'Town hall').body).not.toBe(en.knock.one('Ada', 'Town hall').body);
    expect(t.knock.many(12, 'Town hall').body).toContain('12');
  });

  it.each(NATIVE_LANGS)('S6: %s isolates the guest’s name and the media title with FSI … PDI in knock notifications', (lang) => {
    const t = nativeText(lang);
    const rlo = 'Ada\u202egnp.exe';
    const one = t.knock.one(rlo, 'Town hall').body;
    expect(one).toContain(`\u2068${rlo}\u2069`);
    expect(one).toContain('\u2068Town hall\u2069');
    expect(t.knock.many(12, 'אולם').body).toContain('\u2068אולם\u2069');
    // Every FSI is closed, so nothing typed leaks its direction into the rest of the sentence.
    expect(one.split('\u2068').length).toBe(one.split('\u2069').length);
    // The words for "a guest" are ours, not typed: not isolated.
    expect(t.knock.one(undefined, undefined).body).not.toContain('\u2068');
  });

  it('English is the notifier’s own text; regional tags use their language, unknown ones English', () => {
    expect(nativeText('en').knock.one('Ada', 'Town hall')).toEqual(knockNotificationText('Ada', 'Town hall'));
    expect(nativeText('en').knock.many(3, 'Town hall')).toEqual(waitingNotificationText(3, 'Town hall'));
    expect(nativeText('he-IL').menu.file).toBe(nativeText('he').menu.file);
    expect(nativeText('pt-BR').menu.file).toBe('File');
  });
});
