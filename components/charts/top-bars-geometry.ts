/**
 * The rows of TopBars and the bars drawn over them share one geometry (px): the layer lives
 * in its own chunk with the chart library, so these sit apart from both.
 */
/** Height of one row: name and figure, then the bar. */
export const BAR_ROW = 44;
export const BAR_ROW_GAP = 4;
/** From a row's top to its bar's centre: the text line above it. */
export const BAR_CENTRE = 36;
export const BAR_SIZE = 8;
