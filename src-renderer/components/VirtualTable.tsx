// A virtualised ARIA table: only the visible rows are in the DOM, so the
// Participants lists stay fast with 10,000 people (P1).
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type ReactNode, useLayoutEffect, useRef, useState } from 'react';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  className?: string;
}

export function VirtualTable<T>({
  label,
  rows,
  columns,
  getKey,
  rowHeight = 52,
  className = '',
  empty,
}: {
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  getKey(row: T): string | number;
  rowHeight?: number;
  className?: string;
  empty: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // jsdom and first paint have no layout yet; assume a reasonable viewport.
    initialRect: { width: 900, height: 400 },
    getItemKey: (i) => getKey(rows[i]!),
  });

  // The actions column is as wide as its buttons in the current language (at
  // least its CSS width): measured on the rows in view, the same for every row and the header.
  const [actionsWidth, setActionsWidth] = useState(0);
  useLayoutEffect(() => {
    let widest = 0;
    for (const el of scroller.current?.querySelectorAll<HTMLElement>('.vtable-body .vtable-cell.actions > *') ?? []) {
      widest = Math.max(widest, Math.ceil(el.getBoundingClientRect().width));
    }
    if (widest !== 0 && widest !== actionsWidth) setActionsWidth(widest);
  });
  const style = actionsWidth ? ({ '--vtable-actions-width': `${actionsWidth}px` } as CSSProperties) : undefined;

  return (
    <div ref={scroller} className={`vtable ${className}`} style={style} role="table" aria-label={label} aria-rowcount={rows.length + 1} tabIndex={0}>
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
      <div role="rowgroup" className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          return (
            <div key={v.key} role="row" aria-rowindex={v.index + 2} className="vtable-row" style={{ transform: `translateY(${v.start}px)`, height: v.size }}>
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
