// Notifications at the bottom corner. While any are shown, the space they take
// is reserved (--toasts-h, read by .backdrop), so an open dialog sits above
// them and a toast never covers its buttons (issue 22: the link table).
import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n';
import { useStore } from '../store';
import { IconClose } from './Icons';

export function Toasts() {
  const toasts = useStore(useShallow((s) => s.toasts));
  const dismiss = useStore((s) => s.dismissToast);
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const root = document.documentElement;
    const reserve = () => {
      const top = el && toasts.length > 0 ? el.getBoundingClientRect().top : window.innerHeight;
      root.style.setProperty('--toasts-h', `${Math.max(0, Math.ceil(window.innerHeight - top))}px`);
    };
    reserve();
    window.addEventListener('resize', reserve);
    return () => window.removeEventListener('resize', reserve);
  }, [toasts]);
  return (
    <div ref={ref} className="toasts" role="status" aria-live="polite" aria-label={t('toasts.label')}>
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
