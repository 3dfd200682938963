/**
 * The map's symbols and taps (web/map/symbols.ts): a footprint becomes one symbol at its point on
 * surface, never one per vertex; a symbol's drawn size is read from its style; a tap opens the
 * symbol whose edge is nearest, within TAP_TOLERANCE_PX, an emergency place first.
 */
import { describe, expect, it } from 'vitest';
import type { LayerCollection } from '../../web/api.ts';
import { largestPixels, pickSymbol, symbolCollection, TAP_TOLERANCE_PX } from '../../web/map/symbols.ts';

describe('symbolCollection', () => {
  it('keeps points, puts each footprint at its lon/lat, and skips a footprint without one', () => {
    const fc: LayerCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'a',
          geometry: { type: 'Point', coordinates: [1, 2] },
          properties: { id: 'a', name: 'A', layer: 'gardens', kind: 'community_garden' },
        },
        {
          type: 'Feature',
          id: 'b',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [4, 0],
                [4, 4],
                [0, 4],
                [0, 0],
              ],
            ],
          },
          properties: { id: 'b', name: 'B', layer: 'gardens', kind: 'community_garden', lon: 1.5, lat: 2.5 },
        },
        {
          type: 'Feature',
          id: 'c',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
          properties: { id: 'c', name: 'C', layer: 'gardens', kind: 'community_garden' },
        },
      ],
    };
    const out = symbolCollection(fc);
    expect(out.features.map((f) => [f.id, f.geometry])).toEqual([
      ['a', { type: 'Point', coordinates: [1, 2] }],
      ['b', { type: 'Point', coordinates: [1.5, 2.5] }],
    ]);
    expect(out.features[1]?.properties.name).toBe('B');
  });
});

describe('largestPixels', () => {
  const radius = ['interpolate', ['linear'], ['zoom'], 10, 6, 16, 12];
  it('interpolates over the zoom and holds at both ends', () => {
    expect(largestPixels(radius, 8)).toBe(6);
    expect(largestPixels(radius, 13)).toBe(9);
    expect(largestPixels(radius, 18)).toBe(12);
    expect(largestPixels(4, 13)).toBe(4);
  });
  it('takes the largest branch of a case or a match (a selected ring counts)', () => {
    expect(largestPixels(['case', ['==', ['get', 'id'], 'x'], 3.5, 2], 12)).toBe(3.5);
    expect(largestPixels(['match', ['get', 'k'], 'a', 1, 'b', 5, 2], 12)).toBe(5);
    expect(largestPixels(['get', 'size'], 12)).toBe(0);
  });
});

describe('pickSymbol', () => {
  const c = (feature: string, x: number, y: number, radius = 10, priority = false) => ({
    feature,
    x,
    y,
    radius,
    priority,
  });
  it('opens a symbol tapped up to the tolerance outside its edge, and none beyond', () => {
    expect(TAP_TOLERANCE_PX).toBe(22);
    expect(pickSymbol(0, 0, [c('g', 31.9, 0)])).toBe('g');
    expect(pickSymbol(0, 0, [c('g', 0, 32)])).toBe('g');
    expect(pickSymbol(0, 0, [c('g', 32.5, 0)])).toBeUndefined();
  });
  it('opens the symbol whose edge is nearest, then whose centre is nearest, then the topmost', () => {
    expect(pickSymbol(0, 0, [c('far', 25, 0), c('near', 0, -15)])).toBe('near');
    expect(pickSymbol(0, 0, [c('small', 12, 0, 4), c('big', 0, 18, 10)])).toBe('small');
    // inside both: the one whose centre is nearer
    expect(pickSymbol(0, 0, [c('a', 6, 0), c('b', 2, 0)])).toBe('b');
    expect(pickSymbol(0, 0, [c('top', 5, 0), c('under', 0, 5)])).toBe('top');
  });
  it('opens a marked emergency place before a nearer routine symbol', () => {
    expect(pickSymbol(0, 0, [c('program', 0, 0), c('shelter', 25, 0, 10, true)])).toBe('shelter');
    expect(pickSymbol(0, 0, [c('program', 0, 0), c('shelter', 60, 0, 10, true)])).toBe('program');
  });
});
