// A virtualised ARIA table that scrolls with the page: no box of its own, so
// several tables sit one under the other and the page's scroll bar moves
// through them (P1). Only the rows near the viewport are in the DOM, so the
// Participants lists stay fast with 10,000 people; `onNearEnd` asks for the
// next page when the moderator scrolls close to the last loaded row.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  className?: string;
}

/** The nearest ancestor that scrolls (the app's content area), or the document. */
export function scrollParent(el: HTMLElement | null): HTMLElement {
  for (let node = el?.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY === 'auto' || overflowY === 'scroll') return node;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/** Rows from the end at which the next page is asked for. */
const NEAR_END = 10;

export function VirtualTable<T>({
  label,
  rows,
  columns,
  getKey,
  rowHeight = 52,
  className = '',
  empty,
  rowCount = rows.length,
  onNearEnd,
}: {
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  getKey(row: T): string | number;
  rowHeight?: number;
  className?: string;
  empty: string;
  /** How many rows the whole list has (more than `rows` while pages are still to come). */
  rowCount?: number;
  /** Called when the rows near the end of `rows` come into view. */
  onNearEnd?(): void;
}) {
  const table = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [margin, setMargin] = useState(0);

  // Where the body starts in the scrolling area: moves when anything above it grows (the Waiting list, a banner).
  useLayoutEffect(() => {
    const el = scroller ?? scrollParent(table.current);
    if (!scroller) setScroller(el);
    const top = (body.current?.getBoundingClientRect().top ?? 0) - el.getBoundingClientRect().top + el.scrollTop;
    if (Math.abs(top - margin) >= 1) setMargin(Math.round(top));
  });

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: margin,
    // jsdom and first paint have no layout yet; assume a reasonable viewport.
    initialRect: { width: 900, height: 800 },
    getItemKey: (i) => getKey(rows[i]!),
  });
  const items = virtualizer.getVirtualItems();

  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && rows.length < rowCount && last >= rows.length - NEAR_END) onNearEnd();
  }, [last, rows.length, rowCount, onNearEnd]);

  // The actions column is as wide as its buttons in the current language (at
  // least its CSS width): measured on the rows in view, the same for every row and the header.
  const [actionsWidth, setActionsWidth] = useState(0);
  useLayoutEffect(() => {
    let widest = 0;
    for (const el of table.current?.querySelectorAll<HTMLElement>('.vtable-body .vtable-cell.actions > *') ?? []) {
      widest = Math.max(widest, Math.ceil(el.getBoundingClientRect().width));
    }
    if (widest !== 0 && widest !== actionsWidth) setActionsWidth(widest);
  });
  const style = actionsWidth ? ({ '--vtable-actions-width': `${actionsWidth}px` } as CSSProperties) : undefined;

  return (
    <div ref={table} className={`vtable ${className}`} style={style} role="table" aria-label={label} aria-rowcount={rowCount + 1}>
      <div role="rowgroup" className="vtable-head">
        <div role="row" aria-rowindex={1} className="vtable-row">
          {columns.map((c) => (
            <div key={c.header} role="columnheader" className={`vtable-cell ${c.className ?? ''}`}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      {rows.length === 0 ? <p className="empty vtable-empty">{empty}</p> : null}
      <div ref={body} role="rowgroup" className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const row = rows[v.index]!;
          return (
            <div key={v.key} role="row" aria-rowindex={v.index + 2} className="vtable-row" style={{ transform: `translateY(${v.start - margin}px)`, height: v.size }}>
              {columns.map((c) => (
                <div key={c.header} role="cell" className={`vtable-cell ${c.className ?? ''}`}>
                  {c.cell(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
