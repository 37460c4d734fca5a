// The <option>s of a language picker: each language named in itself, and
// marked with its own `lang` so screen readers pronounce it right.
import { type Lang, LANGUAGE_NAMES } from '../i18n';

export function LanguageOptions({ codes }: { codes: readonly Lang[] }) {
  return (
    <>
      {codes.map((code) => (
        <option key={code} value={code} lang={code}>
          {LANGUAGE_NAMES[code]}
        </option>
      ))}
    </>
  );
}
