/**
 * Colour by key: the same tier, project or user gets the same colour in every chart.
 * A key's slot comes from a hash of its text, so it does not depend on which other keys a
 * chart shows; two keys that hash to the same slot within one chart are separated by
 * probing, and the higher-ranked key (earlier in the list) keeps its own colour.
 * Keys ranked past the palette's size get the neutral "Other" grey instead of a colour some
 * higher-ranked key already wears: no two keys of one view ever look alike.
 * The colours themselves are CSS variables (globals.css), tuned per theme for contrast and
 * kept apart from each other (colors.test.ts measures both).
 */

export const PALETTE_SIZE = 12;
export const OTHER_KEY = "Other";
export const OTHER_COLOR = "var(--chart-other)";

export function paletteColor(slot: number): string {
  return `var(--chart-${(slot % PALETTE_SIZE) + 1})`;
}

/** FNV-1a: small, fast and spreads short similar strings ("gpu-small", "gpu-large") well. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function colorSlot(key: string): number {
  return hashKey(key) % PALETTE_SIZE;
}

/** The colour of one key on its own (a row swatch, a chip). */
export function colorForKey(key: string): string {
  return key === OTHER_KEY ? OTHER_COLOR : paletteColor(colorSlot(key));
}

/** Colours for the keys of one view, in rank order: distinct slots for the top PALETTE_SIZE, grey after. */
export function assignColors(keys: readonly string[], otherKey: string | null = OTHER_KEY): Map<string, string> {
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const key of keys) {
    if (key === otherKey) {
      colors.set(key, OTHER_COLOR);
      continue;
    }
    if (taken.size >= PALETTE_SIZE) {
      colors.set(key, OTHER_COLOR);
      continue;
    }
    let slot = colorSlot(key);
    while (taken.has(slot)) slot = (slot + 1) % PALETTE_SIZE;
    taken.add(slot);
    colors.set(key, paletteColor(slot));
  }
  return colors;
}
