import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { IconClose } from './Icons';

export function Toasts() {
  const toasts = useStore(useShallow((s) => s.toasts));
  const dismiss = useStore((s) => s.dismissToast);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`}>
          <span>{t.text}</span>
          <button type="button" className="icon-button small" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            <IconClose />
          </button>
        </div>
      ))}
    </div>
  );
}
