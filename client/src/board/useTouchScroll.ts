// On a phone the grid paints under one finger, so a wide grid (a week of days) needs another way
// to move sideways: two fingers scroll it, and a stroke that reaches the edge pulls it along.
// `wide` says whether there is anything to the side, for the hint above the grid.
import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';

/** How close to the edge (px) a painting finger starts pulling the grid, and by how much per move. */
const EDGE = 36;
const NUDGE = 14;

export function useTouchScroll(scroller: RefObject<HTMLDivElement | null>) {
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const [wide, setWide] = useState(false);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setWide(el.scrollWidth > el.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [scroller]);

  const centre = () => {
    const points = [...touches.current.values()];
    return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
  };

  return {
    wide,
    /** Records a touch; true when it makes two (the gesture is now a scroll, not a stroke). */
    down(e: PointerEvent): boolean {
      if (e.pointerType !== 'touch') return false;
      touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      return touches.current.size >= 2;
    },
    /** Scrolls by how far the fingers' centre moved; true while two fingers are down. */
    move(e: PointerEvent): boolean {
      if (e.pointerType !== 'touch' || !touches.current.has(e.pointerId)) return false;
      if (touches.current.size < 2) {
        touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
        return false;
      }
      const before = centre();
      touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const after = centre();
      scroller.current?.scrollBy({ left: before.x - after.x });
      window.scrollBy({ top: before.y - after.y });
      return true;
    },
    /** Forgets a lifted finger; true when it was part of a two-finger scroll. */
    up(e: PointerEvent): boolean {
      if (e.pointerType !== 'touch') return false;
      const wasScroll = touches.current.size >= 2;
      touches.current.delete(e.pointerId);
      return wasScroll || touches.current.size > 0;
    },
    /** While painting, a finger near the left or right edge scrolls the grid that way. */
    nudgeAtEdge(x: number): void {
      const el = scroller.current;
      if (!el) return;
      const box = el.getBoundingClientRect();
      if (x > box.right - EDGE) el.scrollBy({ left: NUDGE });
      else if (x < box.left + EDGE) el.scrollBy({ left: -NUDGE });
    },
  };
}
