"use client";
import { useState } from "react";

/**
 * `value`, except while `hold` is true: then the value it had when `hold` last was false.
 * A chart drawn from two answers (a series and a forecast) keeps the pair it drew while a new
 * series is on its way, so a second answer landing first does not redraw the old bars.
 */
export function useHeld<T>(value: T, hold: boolean): T {
  const [held, setHeld] = useState(value);
  // Updating state while rendering, React's pattern for a value derived from earlier renders.
  if (!hold && held !== value) setHeld(value);
  return hold ? held : value;
}
