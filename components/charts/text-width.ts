let context: CanvasRenderingContext2D | null | undefined;
let fontFamily = "sans-serif";

/**
 * A label's width in px at `fontSize` in the page's font, measured on a canvas: no layout of
 * the page, unlike measuring an element in it. Without a page or a canvas, an estimate.
 */
export function textWidth(text: string, fontSize: number): number {
  if (context === undefined) {
    context = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
    if (context) fontFamily = getComputedStyle(document.body).fontFamily;
  }
  if (!context) return text.length * fontSize * 0.6;
  context.font = `${fontSize}px ${fontFamily}`;
  return context.measureText(text).width;
}
