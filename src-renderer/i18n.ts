// The console's text in every supported language, and which one it shows.
// English (locales/en.ts) is the source of the keys and stays in the first
// window's script; French, Spanish and Hebrew are each their own chunk,
// typed against English (a missing key is a type error) and loaded when
// chosen: the console switches once the dictionary is in (Settings →
// Language switches live), and shows English until then. Names and other
// typed values put into a sentence are bidi-isolated (FSI … PDI, or <bdi>) in
// every language (TYPED_SLOTS); in a right-to-left language every text value
// is, as the guest pages do. Wording shared with the guest pages follows
// src-main/listener/i18n.ts.
// Errors from the core reach the user through errorText(): English keeps the
// core's message as it is, other languages translate its code (`error.<CODE>`).
import { createElement, Fragment, type ReactNode } from 'react';
import { create } from 'zustand';
import { ERROR_MESSAGES, type ErrorCode } from '../src-main/core/errors';
import { setDisplayLocale } from './format';
import { en, type Entry, type ErrorKey, type Key, type Messages, type Plural } from './locales/en';
import { LANGS, type Lang, type Params, RTL, type T } from './locales/types';
import { setErrorDescriber, useStore } from './store';

export { LANGS, LANGUAGE_NAMES, RTL, type Lang, type Params, type T } from './locales/types';
export type { Key, Messages, Plural } from './locales/en';

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);

export const KEYS = Object.keys(en) as Key[];

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** The supported language for a setting value ('fr', 'fr-CA' → 'fr'); anything else is English. */
export function toLang(setting: string | null | undefined): Lang {
  const base = (setting ?? '').toLowerCase().split('-')[0];
  return isLang(base) ? base : 'en';
}

// ---- dictionaries, loaded on demand ----

/** Every language but English, each its own chunk. A language without a dictionary is a type error here. */
const LOADERS: { readonly [L in Exclude<Lang, 'en'>]: () => Promise<{ default: Messages }> } = {
  fr: () => import('./locales/fr'),
  es: () => import('./locales/es'),
  he: () => import('./locales/he'),
};
const dictionaries: Partial<Record<Lang, Messages>> = { en };
const loading = new Map<Lang, Promise<Messages>>();

/** Whether a language's dictionary is in (English always is). */
export function isLoaded(lang: Lang): boolean {
  return dictionaries[lang] !== undefined;
}

/** Loads a language's dictionary once (its chunk); a failed load can be tried again. */
export function loadLanguage(lang: Lang): Promise<Messages> {
  const have = dictionaries[lang];
  if (have) return Promise.resolve(have);
  let p = loading.get(lang);
  if (!p) {
    p = LOADERS[lang as Exclude<Lang, 'en'>]().then((m) => (dictionaries[lang] = m.default));
    loading.set(lang, p);
    p.catch(() => loading.delete(lang));
  }
  return p;
}

/** Whether v is already one FSI … PDI isolate from end to end (the audit log isolates its values itself). */
function isolatedWhole(v: string): boolean {
  if (!v.startsWith('\u2068') || !v.endsWith('\u2069')) return false;
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\u2068' || c === '\u2066' || c === '\u2067') depth++;
    else if (c === '\u2069' && --depth === 0 && i !== v.length - 1) return false;
  }
  return depth === 0;
}

/** FSI … PDI: a value put into a sentence keeps its own direction (once: an isolated value is not wrapped again). */
const isolate = (v: string) => (isolatedWhole(v) ? v : `\u2068${v}\u2069`);

/**
 * S6: slots that carry what a person typed (a guest's or a moderator's name, a
 * link's name, an email, a media title). They are isolated in every language,
 * so a right-to-left name, or a direction-changing character stored before it
 * was removed on input, can't reorder the sentence around it. In a
 * right-to-left language every text value is isolated.
 */
export const TYPED_SLOTS: ReadonlySet<string> = new Set(['name', 'email', 'title', 'input']);
/**
 * Accessible names (aria-label, alt) are read, not drawn, so the direction of
 * their parts can't be turned around on screen: in a left-to-right language
 * their typed values are left as they are, so assistive technology and tests
 * find "Admit Ada". (In a right-to-left language they are isolated like everything.)
 */
const LABEL_KEY = /Aria$|\.alt$|^invites\.roleFor$/;

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralForm(lang: Lang, entry: Plural, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return entry[rules.select(count)] ?? entry.other;
}

/** The template for a key: the plural form for `count`, or the string (English while the language is not loaded). */
function template(lang: Lang, key: Key, params?: Record<string, unknown>): string {
  const entry: Entry = dictionaries[lang]?.[key] ?? en[key];
  if (typeof entry === 'string') return entry;
  const count = params?.count;
  return pluralForm(lang, entry, typeof count === 'number' ? count : Number.NaN);
}

const SLOT = /\{(\w+)\}/g;

const cache = new Map<Lang, T>();
export function translator(lang: Lang): T {
  const cached = cache.get(lang);
  if (cached) return cached;
  const rtl = RTL.has(lang);
  const t = ((key: Key, params?: Params) => {
    const s = template(lang, key, params);
    if (!params) return s;
    const typed = !LABEL_KEY.test(key);
    return s.replace(SLOT, (whole, name: string) => {
      if (!(name in params)) return whole;
      const v = params[name]!;
      return typeof v === 'string' && (rtl || (typed && TYPED_SLOTS.has(name))) ? isolate(v) : String(v);
    });
  }) as T;
  Object.defineProperties(t, {
    lang: { value: lang },
    dir: { value: rtl ? 'rtl' : 'ltr' },
    rich: {
      value: (key: Key, params: Record<string, ReactNode>): ReactNode => {
        const s = template(lang, key, params);
        const parts: ReactNode[] = [];
        let last = 0;
        for (const m of s.matchAll(SLOT)) {
          const name = m[1]!;
          if (!(name in params)) continue;
          if (m.index > last) parts.push(s.slice(last, m.index));
          const v = params[name];
          parts.push(rtl || TYPED_SLOTS.has(name) ? createElement('bdi', null, v) : v);
          last = m.index + m[0].length;
        }
        if (last < s.length) parts.push(s.slice(last));
        return createElement(Fragment, null, ...parts);
      },
    },
  });
  cache.set(lang, t);
  return t;
}

/**
 * An error from the core (or the bridge), as the user reads it. English shows
 * the core's own message unchanged (it can be more specific, e.g. name the
 * address); other languages show the sentence for its code. A code this
 * console doesn't know keeps its message.
 */
export function errorText(error: { code: string; message: string }, t: T): string {
  if (t.lang === 'en' || !isErrorCode(error.code)) return error.message;
  const key: ErrorKey = `error.${error.code}`;
  return t(key);
}

// The store's own error toasts (failed loads) read in the language in Settings too.
setErrorDescriber((error) => errorText(error, currentT()));

/** English, for code that has no language at hand (and for tests). */
export const tEn: T = translator('en');

// ---- the language shown ----

type LangState = { appSettings: { language: string } | null };
const langOf = (s: LangState): Lang => toLang(s.appSettings?.language);

/**
 * The language the console shows: the one in Settings once its dictionary is
 * in. `pending` is a language being loaded (Settings says so meanwhile).
 */
const useShown = create<{ lang: Lang; pending: Lang | null }>(() => ({ lang: 'en', pending: null }));

/** The translator for the language shown, outside React (toasts from pushed events). */
export function currentT(): T {
  return translator(useShown.getState().lang);
}

/** The translator for the language shown; re-renders when it changes. */
export function useT(): T {
  return translator(useShown((s) => s.lang));
}

/** The language Settings asked for while its dictionary is still loading, else null. */
export function usePendingLanguage(): Lang | null {
  return useShown((s) => s.pending);
}

/** <html lang dir> and the date/time locale follow the language shown. */
export function applyDocumentLanguage(lang: Lang): void {
  setDisplayLocale(lang);
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  const dir = RTL.has(lang) ? 'rtl' : 'ltr';
  if (root.lang !== lang) root.lang = lang;
  if (root.dir !== dir) root.dir = dir;
}

function show(lang: Lang): void {
  // The document first, so the re-rendered screens format dates in the new locale.
  applyDocumentLanguage(lang);
  useShown.setState({ lang, pending: null });
}

// One place keeps the text and the document in step with the setting, whichever screen or dialog is up:
// load the dictionary, then switch (a later choice wins over a slower earlier load).
let wanted: Lang | null = null;
function follow(s: LangState): void {
  const lang = langOf(s);
  if (lang === wanted) return;
  wanted = lang;
  if (isLoaded(lang)) return show(lang);
  useShown.setState({ pending: lang });
  loadLanguage(lang).then(
    () => {
      if (wanted === lang) show(lang);
    },
    () => {
      if (wanted !== lang) return;
      useShown.setState({ pending: null });
      useStore.getState().toast(currentT()('settings.languageFailed'), 'error');
    },
  );
}

/** Resolves once the language in Settings is shown (or its dictionary failed to load). */
export function languageReady(): Promise<void> {
  const lang = wanted ?? 'en';
  return loadLanguage(lang).then(
    () => undefined,
    () => undefined,
  );
}

follow(useStore.getState());
useStore.subscribe(follow);
