/**
 * What a leaflet opened with `print=1` in a frame tells the page that opened it (a kiosk:
 * web/kiosk/LeafletPrint.tsx), by postMessage on the same origin: `{ type, message? }`.
 */
export const LEAFLET_PRINTED = 'cm-leaflet-printed';
export const LEAFLET_FAILED = 'cm-leaflet-failed';
