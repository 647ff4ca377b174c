"use client";
import { useLayoutEffect, useRef, useState } from "react";

/**
 * The width (whole px) of the element the returned ref is put on: measured before the first
 * paint, so a chart appears at its size with no jump, and again whenever it changes. Null
 * until measured. Charts take it as their fixed size, with no ResponsiveContainer around them.
 */
export function useBoxWidth<T extends HTMLElement>() {
  const box = useRef<T>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { box, width };
}
