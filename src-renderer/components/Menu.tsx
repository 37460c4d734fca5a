// A "three dots" menu button: aria-haspopup menu, arrow keys, Escape.
// The menu is placed by measuring: it opens below the button, aligned with
// its start edge (left in LTR, right in RTL), and flips up or slides over
// to stay whole inside the window at any width.
import { type CSSProperties, type KeyboardEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { IconDots } from './Icons';

export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
}

export function MenuButton({ label, items }: { label: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  const [place, setPlace] = useState<CSSProperties>({});

  useLayoutEffect(() => {
    if (!open) return;
    const position = () => {
      const b = button.current?.getBoundingClientRect();
      const m = menu.current;
      if (!b || !m) return;
      setPlace(menuPlacement(b, { width: m.offsetWidth, height: m.offsetHeight }, { width: window.innerWidth, height: window.innerHeight }, getComputedStyle(m).direction === 'rtl'));
    };
    position();
    window.addEventListener('resize', position);
    window.addEventListener('scroll', position, true);
    return () => {
      window.removeEventListener('resize', position);
      window.removeEventListener('scroll', position, true);
      setPlace({});
    };
  }, [open]);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const els = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = els.indexOf(document.activeElement as HTMLElement);
    const go = (n: number) => {
      e.preventDefault();
      els[(n + els.length) % els.length]?.focus();
    };
    switch (e.key) {
      case 'ArrowDown':
        return go(i + 1);
      case 'ArrowUp':
        return go(i - 1);
      case 'Home':
        return go(0);
      case 'End':
        return go(els.length - 1);
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
        return;
      case 'Tab':
        setOpen(false);
        return;
    }
  }

  return (
    <div className="menu-wrap">
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <IconDots />
      </button>
      {open ? (
        <div ref={menu} id={id} role="menu" aria-label={label} className="menu" style={place} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              onClick={() => {
                if (item.disabled) return;
                // Focus the menu button first, so a dialog opened from here returns focus to it.
                button.current?.focus();
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

const MARGIN = 8;

/**
 * Where a menu of `size` goes for a button at `anchor`, in a window of
 * `view`: below (above when there is no room below), its start edge on the
 * button's start edge, then moved just enough to stay `MARGIN` inside.
 */
export function menuPlacement(
  anchor: Pick<DOMRect, 'left' | 'right' | 'top' | 'bottom'>,
  size: { width: number; height: number },
  view: { width: number; height: number },
  rtl: boolean,
): CSSProperties {
  const preferredLeft = rtl ? anchor.right - size.width : anchor.left;
  const left = Math.max(MARGIN, Math.min(preferredLeft, view.width - size.width - MARGIN));
  const below = anchor.bottom + 4;
  const top = below + size.height > view.height - MARGIN && anchor.top - 4 - size.height >= MARGIN ? anchor.top - 4 - size.height : below;
  return { position: 'fixed', left, top, right: 'auto', maxWidth: view.width - 2 * MARGIN };
}
