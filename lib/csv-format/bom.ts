/** The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when the file starts with it. */
export const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
export const UTF8_BOM_TEXT = "\uFEFF";
