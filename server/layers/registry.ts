/** The map layers of the API and where each one's features live. */
export const LAYERS = [
  'gardens',
  'parks',
  'programs',
  'degraded-zones',
  'neighbourhoods',
  'centres',
  // residents' published needs (at their coarsened point) and proposals (issue 13)
  'needs',
  'proposals',
] as const;
export type Layer = (typeof LAYERS)[number];

export type LayerSource =
  | { table: 'place'; kinds: string[] }
  | { table: 'area'; kinds: string[] }
  | { table: 'opportunity' }
  | { table: 'need' }
  | { table: 'proposal' };

export const LAYER_SOURCES: Record<Layer, LayerSource> = {
  gardens: { table: 'place', kinds: ['community_garden'] },
  parks: { table: 'place', kinds: ['park'] },
  centres: { table: 'place', kinds: ['community_centre'] },
  programs: { table: 'opportunity' },
  neighbourhoods: { table: 'area', kinds: ['neighbourhood'] },
  'degraded-zones': { table: 'area', kinds: ['degraded_zone', 'revitalization_zone'] },
  needs: { table: 'need' },
  proposals: { table: 'proposal' },
};

/** The layers whose features are places, by place kind; other place kinds answer as `places`. */
const PLACE_KIND_LAYER: Record<string, Layer> = {
  community_garden: 'gardens',
  park: 'parks',
  community_centre: 'centres',
};
export function layerOfPlaceKind(kind: string): string {
  return PLACE_KIND_LAYER[kind] ?? 'places';
}

/** The category each place layer belongs to, so a category filter can include places too. */
export const PLACE_LAYER_CATEGORY: Record<'gardens' | 'parks' | 'centres', string> = {
  gardens: 'gardening',
  parks: 'parks-nature',
  centres: 'social',
};
