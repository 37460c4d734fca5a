// The console's languages and the translator's type: a leaf that format.ts,
// i18n.ts and the screens can all import without an import cycle.
import type { ReactNode } from 'react';
import type { Key } from './en';

export const LANGS = ['en', 'fr', 'es', 'he'] as const;
export type Lang = (typeof LANGS)[number];
export const RTL: ReadonlySet<Lang> = new Set<Lang>(['he']);
/** Each language named in itself, for the Settings select. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', es: 'Español', he: 'עברית' };

export type Params = Record<string, string | number>;

export interface T {
  (key: Key, params?: Params): string;
  readonly lang: Lang;
  readonly dir: 'ltr' | 'rtl';
  /** The sentence as React children: its {slots} filled with elements (e.g. <strong>), kept as text otherwise. */
  rich(key: Key, params: Record<string, ReactNode>): ReactNode;
}
