import { cleanup, render } from '@testing-library/react';
// The console's dictionary (src-renderer/i18n.ts): every language has every
// key, the same kind of entry (plain or plural) and the same {slots} as English.
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, type ErrorCode } from '../../src-main/core/errors';
import { errorText, isLoaded, type Key, KEYS, type Lang, LANGS, loadLanguage, type Messages, type Plural, toLang, translator } from '../../src-renderer/i18n';
import { en as EN } from '../../src-renderer/locales/en';
import es from '../../src-renderer/locales/es';
import fr from '../../src-renderer/locales/fr';
import he from '../../src-renderer/locales/he';

const MESSAGES: Record<Lang, Messages> = { en: EN, fr, es, he };
beforeAll(() => Promise.all(LANGS.map(loadLanguage)));

const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const forms = (p: Plural) => Object.values(p).filter((v): v is string => typeof v === 'string');

describe('the console dictionary', () => {
  const en = MESSAGES.en;

  it.each(LANGS.filter((l) => l !== 'en'))('%s has every English key, and no other, each non-empty', (lang) => {
    const m = MESSAGES[lang];
    expect(Object.keys(m).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      const v = m[key];
      const texts = typeof v === 'string' ? [v] : forms(v);
      for (const s of texts) expect(s.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it.each(LANGS.filter((l) => l !== 'en'))('%s fills the same {slots} as English', (lang) => {
    const m = MESSAGES[lang];
    for (const key of KEYS) {
      const source = en[key];
      const target = m[key];
      if (typeof source === 'string') {
        expect(typeof target, `${lang} ${key} is plain in English`).toBe('string');
        expect(slots(target as string), `${lang} ${key}`).toEqual(slots(source));
      } else {
        expect(typeof target, `${lang} ${key} has plural forms in English`).toBe('object');
        const p = target as Plural;
        // The general form has every slot; a form for one item may spell the number out ("קישור אחד").
        expect(slots(p.other), `${lang} ${key} (other)`).toEqual(slots(source.other));
        const allowed = new Set(forms(source).flatMap(slots));
        for (const s of forms(p)) for (const slot of slots(s)) expect(allowed.has(slot), `${lang} ${key}: {${slot}}`).toBe(true);
      }
    }
  });

  it('every English plural entry counts with {count}', () => {
    for (const key of KEYS) {
      const v = en[key];
      if (typeof v !== 'string') expect(slots(v.other), key).toContain('count');
    }
  });

  it('fills slots, picks plural forms by Intl.PluralRules, and isolates values in Hebrew', () => {
    const en_ = translator('en');
    expect(en_('ga.linkCount', { count: 0 })).toBe('0 links');
    expect(en_('ga.linkCount', { count: 1 })).toBe('1 link');
    expect(en_('ga.deleted', { name: 'Press' })).toBe('Link “\u2068Press\u2069” deleted.');
    expect(en_('participants.waitingCount', { count: 10000 })).toBe('Waiting (10000)');
    const fr = translator('fr');
    expect(fr('ga.linkCount', { count: 0 })).toBe('0 lien'); // French counts 0 as singular
    expect(fr('ga.linkCount', { count: 2 })).toBe('2 liens');
    const he = translator('he');
    expect(he('ga.linkCount', { count: 1 })).toBe('קישור אחד');
    expect(he('ga.linkCount', { count: 2 })).toBe('2 קישורים'); // no "two" form: falls back to other
    expect(he('ga.deleted', { name: 'Press' })).toBe('הקישור "\u2068Press\u2069" נמחק.');
    expect(he.dir).toBe('rtl');
    expect(fr.dir).toBe('ltr');
  });

  it.each(LANGS)('S6: %s isolates every inserted name, email and title with FSI … PDI (toasts and sentences), once', (lang) => {
    const t = translator(lang);
    const rlo = 'Eve\u202Egnp.exe';
    const iso = (v: string) => `\u2068${v}\u2069`;
    expect(t('participants.admitted', { name: rlo })).toContain(iso(rlo));
    expect(t('participants.blocked', { name: rlo, email: 'eve@x.co' })).toContain(iso('eve@x.co'));
    expect(t('ga.deleted', { name: 'פרס' })).toContain(iso('פרס'));
    expect(t('knock.oneIn', { name: rlo, title: 'Town hall' })).toContain(iso('Town hall'));
    // A value already isolated (the audit log does it itself) is not wrapped twice.
    expect(t('participants.admitted', { name: iso('Ada') })).not.toContain('\u2068\u2068');
    // Rich sentences put typed values in <bdi>.
    const { container } = render(<p>{t.rich('invite.resultError', { input: <strong>{rlo}</strong>, message: 'x' })}</p>);
    expect(container.querySelector('bdi strong')?.textContent).toBe(rlo);
    cleanup();
  });

  it('English inline validation is the core’s own sentence', () => {
    const t = translator('en');
    expect(t('validation.linkName')).toBe(ERROR_MESSAGES.LINK_NAME_INVALID);
    expect(t('validation.clicks')).toBe(ERROR_MESSAGES.CLICKS_INVALID);
    expect(t('validation.days')).toBe(ERROR_MESSAGES.DAYS_INVALID);
    expect(t('validation.title')).toBe(ERROR_MESSAGES.MEDIA_TITLE_INVALID);
    expect(t('validation.schedule')).toBe(ERROR_MESSAGES.SCHEDULE_INVALID);
  });

  it.each(LANGS.filter((l) => l !== 'en'))('%s translates every error code the core has (errors.ts), for errorText', (lang) => {
    const codes = Object.keys(ERROR_MESSAGES) as ErrorCode[];
    expect(codes).toHaveLength(46);
    const t = translator(lang);
    for (const code of codes) {
      const key: Key = `error.${code}`;
      const v = MESSAGES[lang][key];
      expect(typeof v, `${lang} ${key}`).toBe('string');
      expect((v as string).trim(), `${lang} ${key}`).not.toBe('');
      expect(v, `${lang} ${key} is still English`).not.toBe(ERROR_MESSAGES[code]);
      // Whatever the core's message said, the user reads the sentence for the code.
      expect(errorText({ code, message: 'Some specific English sentence.' }, t)).toBe(v);
    }
    expect(KEYS.filter((k) => k.startsWith('error.')).sort()).toEqual(codes.map((c) => `error.${c}`).sort());
  });

  it('errorText: English is the core’s message unchanged; an unknown code keeps its message', () => {
    const en_ = translator('en');
    expect(errorText({ code: 'EMAIL_INVALID', message: '“nope” is not a valid email address.' }, en_)).toBe('“nope” is not a valid email address.');
    expect(MESSAGES.en['error.EMAIL_INVALID']).toBe(ERROR_MESSAGES.EMAIL_INVALID);
    expect(errorText({ code: 'SOMETHING_NEW', message: 'A new thing went wrong.' }, translator('fr'))).toBe('A new thing went wrong.');
    expect(errorText({ code: 'toString', message: 'Not a code.' }, translator('he'))).toBe('Not a code.');
    expect(errorText({ code: 'EMAIL_INVALID', message: 'x' }, translator('fr'))).toBe('Cette adresse e-mail n’est pas valide.');
  });

  it('a setting outside the four languages (German, a region tag, nothing) reads as its base or English', () => {
    expect(toLang('de')).toBe('en');
    expect(toLang('fr-CA')).toBe('fr');
    expect(toLang('he')).toBe('he');
    expect(toLang(undefined)).toBe('en');
  });
});
