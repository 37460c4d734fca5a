import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n';
import { useStore } from '../store';
import { IconClose } from './Icons';

export function Toasts() {
  const toasts = useStore(useShallow((s) => s.toasts));
  const dismiss = useStore((s) => s.dismissToast);
  const t = useT();
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label={t('toasts.label')}>
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`}>
          <span>{toast.text}</span>
          <button type="button" className="icon-button small" aria-label={t('toasts.dismiss')} onClick={() => dismiss(toast.id)}>
            <IconClose />
          </button>
        </div>
      ))}
    </div>
  );
}
