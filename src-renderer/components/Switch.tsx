import { useId } from 'react';

export function Switch({ label, checked, onChange, disabled, describedBy }: { label: string; checked: boolean; onChange(next: boolean): void; disabled?: boolean; describedBy?: string }) {
  const id = useId();
  return (
    <div className="switch-row">
      <span id={id} className="switch-label">
        {label}
      </span>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={checked}
        aria-labelledby={id}
        aria-describedby={describedBy}
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span className="switch-thumb" aria-hidden="true" />
      </button>
    </div>
  );
}
