/**
 * The content columns of the importers' area and place upserts (write.ts and town.ts write the
 * same ones): `updated_at` moves only when one of them changes (server/db/touched.ts).
 */
export const AREA_CONTENT = [
  'kind', 'name', 'names', 'population', 'population_by_age', 'census', 'designation', 'programme',
  'valid_from', 'valid_to', 'geom',
] as const;
export const PLACE_CONTENT = [
  'kind', 'name', 'names', 'address', 'opening_hours', 'accessibility', 'contact', 'attributes', 'geom',
  'anchor',
] as const;
