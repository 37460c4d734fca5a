// One labelled input with its hint below (aria-describedby), as the settings
// forms use them. Technical values (paths, URLs, addresses, secrets) read left
// to right in every language, so the input is dir="ltr".
import type { InputHTMLAttributes, ReactNode } from 'react';

export function Field({ id, label, hint, children, ...input }: { id: string; label: string; hint?: ReactNode; children?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} dir="ltr" aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
    </div>
  );
}
