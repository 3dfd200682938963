/**
 * How many activities fit on the leaflet's pages. The sheet is laid out on screen at the printed
 * width (A4 less its margins), so the heights measured there are the printed ones; the cards are
 * placed as print places them (`break-inside: avoid`: a card that does not fit the rest of a page
 * starts the next), and what does not fit on `pages` pages is left to the "and N more" line, which
 * must fit after the last card shown.
 */
export const PAGE_MM = { width: 210, height: 297, margin: 12 } as const;
export const MM = 96 / 25.4;
/** the height of a page's content box in CSS pixels, with 1 % kept for rounding in print */
export const PAGE_CONTENT_PX = (PAGE_MM.height - 2 * PAGE_MM.margin) * MM * 0.99;

/** a card is never shorter than its QR code (24 mm) and its padding (2 × 3 mm): leaflet.css */
export const MIN_CARD_MM = 24 + 2 * 3;
/** no more cards than this can fit on two pages, so no more are fetched in detail or laid out */
export const MAX_CARDS = Math.floor((2 * (PAGE_MM.height - 2 * PAGE_MM.margin)) / MIN_CARD_MM);

export function fitOnPages(
  first: number,
  heights: number[],
  footer: number,
  page = PAGE_CONTENT_PX,
  pages = 2,
): number {
  let p = 1;
  let y = first;
  const ends: { p: number; y: number }[] = [];
  for (const h of heights) {
    if (y + h > page) {
      p += 1;
      y = 0;
    }
    if (p > pages || h > page) break;
    y += h;
    ends.push({ p, y });
  }
  if (ends.length === heights.length) return heights.length;
  // the "and N more" line follows the last card shown, on its page or at the top of the next
  for (let n = ends.length; n > 0; n--) {
    const e = ends[n - 1] as { p: number; y: number };
    if (e.y + footer <= page || (e.p < pages && footer <= page)) return n;
  }
  return 0;
}
