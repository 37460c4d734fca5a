// Modal dialog: role="dialog", aria-modal, labelled by its title; traps
// focus, closes on Escape, and gives focus back to whatever opened it.
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n';
import { useStore } from '../store';
import { IconClose } from './Icons';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface Props {
  title: string;
  description?: ReactNode;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  /** alertdialog for confirmations. */
  role?: 'dialog' | 'alertdialog';
}

export function Dialog({ title, description, onClose, children, footer, size = 'medium', role = 'dialog' }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const t = useT();
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = ref.current;
    if (el) {
      const target =
        el.querySelector<HTMLElement>('[data-autofocus]') ??
        el.querySelector<HTMLElement>(`.dialog-body :is(${FOCUSABLE})`) ??
        el.querySelector<HTMLElement>(`.dialog-footer :is(${FOCUSABLE})`) ??
        el;
      target.focus();
    }
    return () => {
      const opener = useStore.getState().dialogOpener;
      // Let the next dialog (if one replaced this) take focus first.
      queueMicrotask(() => {
        if (document.activeElement && document.activeElement !== document.body && document.activeElement.isConnected) return;
        if (previous?.isConnected) return previous.focus();
        // The opener went away (e.g. the row of a deleted link): stay in the dialog underneath.
        const modals = document.querySelectorAll<HTMLElement>('[aria-modal="true"]');
        const top = modals[modals.length - 1];
        if (top) top.focus();
        else if (opener?.isConnected) opener.focus();
      });
    };
  }, []);

  // If focus fell to <body> (its element was removed), Escape still closes the top dialog.
  useEffect(() => {
    const onDocKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || (document.activeElement && document.activeElement !== document.body)) return;
      const modals = document.querySelectorAll('[aria-modal="true"]');
      if (modals[modals.length - 1] === ref.current) onCloseRef.current();
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    e.stopPropagation();
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !ref.current.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !ref.current.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onCloseRef.current();
      }}
    >
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        className={`dialog dialog-${size}`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => onCloseRef.current()}>
            <IconClose />
          </button>
        </header>
        {description ? (
          <p id={descId} className="dialog-description">
            {description}
          </p>
        ) : null}
        <div className="dialog-body">{children}</div>
        {footer ? <footer className="dialog-footer">{footer}</footer> : null}
      </div>
    </div>,
    document.body,
  );
}

/** "Are you sure?" with a destructive action. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm(): void | Promise<void>;
  onCancel(): void;
}) {
  const t = useT();
  return (
    <Dialog
      title={title}
      description={message}
      onClose={onCancel}
      size="small"
      role="alertdialog"
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button danger" onClick={() => void onConfirm()}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
