/**
 * The leaflet's rule for what fits on two A4 pages (web/leaflet/fit.ts): cards never split
 * across pages, what does not fit is left to the "and N more" line, which must fit after the
 * last card shown. Hand-worked cases on a page of 100 units.
 */
import { describe, expect, it } from 'vitest';
import { fitOnPages, MAX_CARDS, MIN_CARD_MM, PAGE_CONTENT_PX } from '../../web/leaflet/fit.ts';

describe('fitOnPages', () => {
  it('keeps every card when they all fit, with no room kept for the "more" line', () => {
    // page 1: header 20 + 40 + 40; page 2: 40 + 40 + 20
    expect(fitOnPages(20, [40, 40, 40, 40, 20], 50, 100)).toBe(5);
  });

  it('moves a card that does not fit the rest of a page to the next one, and stops after two', () => {
    // page 1: 20 + 30 + 30 (a third 30 would reach 110); page 2: 30 + 30 + 30; the 6th and 7th
    // are left over, and the footer (10) fits after the 5th (90 + 10)
    expect(fitOnPages(20, [30, 30, 30, 30, 30, 30, 30], 10, 100)).toBe(5);
  });

  it('drops cards until the "more" line fits after the last one shown', () => {
    // page 2 is full with three cards of 30 (90): a footer of 25 needs the third one's room
    expect(fitOnPages(20, [30, 30, 30, 30, 30, 30, 30], 25, 100)).toBe(4);
  });

  it('puts the "more" line at the top of page 2 when page 1 is full', () => {
    expect(fitOnPages(10, [90, 90], 30, 100, 1)).toBe(0);
    expect(fitOnPages(10, [90, 90, 90, 90], 30, 100, 2)).toBe(1);
  });

  it('never counts a card taller than a page as fitting', () => {
    expect(fitOnPages(0, [150], 10, 100)).toBe(0);
  });

  it('measures an A4 page less 12 mm margins in CSS pixels', () => {
    expect(PAGE_CONTENT_PX).toBeCloseTo(273 * (96 / 25.4) * 0.99, 5);
  });

  it('never fetches more cards than two pages of the shortest card could hold', () => {
    const shortest = MIN_CARD_MM * (96 / 25.4);
    const heights = Array.from({ length: MAX_CARDS + 5 }, () => shortest);
    expect(fitOnPages(0, heights, 0, PAGE_CONTENT_PX / 0.99)).toBeLessThanOrEqual(MAX_CARDS);
  });
});
