/**
 * The planner's map: neighbourhoods coloured by the chosen metric (class breaks from breaks.ts),
 * designated degraded zones hatched in red over them, the selected neighbourhood outlined, the
 * neighbourhoods' names (at a point well inside each, drawn with the device's fonts: the offline
 * style has no glyphs, so nothing is fetched for them), and the what-if site being placed or drawn.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useCallback, useMemo, useRef } from 'react';
import MapGL, {
  Layer,
  type MapLayerMouseEvent,
  type MapRef,
  NavigationControl,
  ScaleControl,
  Source,
} from 'react-map-gl/maplibre';
import { labelPoint } from './geometry.ts';

setWorkerUrl(workerUrl);

export type DrawMode = 'none' | 'point' | 'polygon';

export interface PlannerMapProps {
  styleUrl: string;
  bbox: [number, number, number, number] | null;
  shapes: FeatureCollection<Geometry, { id: string; name: string; value: number | null }>;
  zones: FeatureCollection<Geometry> | null;
  /** the existing sites of the set */
  sites: FeatureCollection<Geometry> | null;
  /** the neighbourhoods where reach is lowest (GET /api/layers/unreached), outlined */
  unreached?: FeatureCollection<Geometry> | null;
  /** residents' published proposals and needs (points) */
  proposals?: FeatureCollection<Geometry> | null;
  needs?: FeatureCollection<Geometry> | null;
  breaks: number[];
  colors: string[];
  selectedId: string | null;
  draw: DrawMode;
  /** the site placed or being drawn: a point, or the vertices so far */
  site: [number, number][];
  onSelect: (id: string) => void;
  onMapClick: (lon: number, lat: number) => void;
  /** what a screen reader hears the map is */
  label: string;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export default function PlannerMap(p: PlannerMapProps) {
  const ref = useRef<MapRef>(null);
  const fill = useMemo((): ExpressionSpecification | string => {
    if (!p.colors.length) return '#cccccc';
    const step: unknown[] = ['step', ['to-number', ['get', 'value']], p.colors[0]];
    for (const [i, b] of p.breaks.entries()) step.push(b, p.colors[i + 1]);
    return [
      'case',
      ['==', ['typeof', ['get', 'value']], 'number'],
      step,
      '#d1d5db',
    ] as unknown as ExpressionSpecification;
  }, [p.breaks, p.colors]);

  // one point per neighbourhood for its name: a polygon cut by tiles would be named once per tile
  const labels = useMemo(
    (): FeatureCollection => ({
      type: 'FeatureCollection',
      features: p.shapes.features.flatMap((f): Feature[] => {
        const at = labelPoint(f.geometry);
        return at && f.properties.name
          ? [
              {
                type: 'Feature',
                properties: { id: f.properties.id, name: f.properties.name },
                geometry: { type: 'Point', coordinates: at },
              },
            ]
          : [];
      }),
    }),
    [p.shapes],
  );

  const siteData = useMemo((): FeatureCollection => {
    if (!p.site.length) return EMPTY;
    const features: Feature[] = p.site.map((c) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Point', coordinates: c },
    }));
    if (p.draw === 'polygon' || p.site.length > 1) {
      const ring = p.site.length > 2 ? [...p.site, p.site[0] as [number, number]] : p.site;
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: ring } });
    }
    return { type: 'FeatureCollection', features };
  }, [p.site, p.draw]);

  const onClick = useCallback(
    (e: MapLayerMouseEvent) => {
      if (p.draw !== 'none') {
        p.onMapClick(e.lngLat.lng, e.lngLat.lat);
        return;
      }
      const f = e.features?.[0];
      const id = f?.properties?.id;
      if (typeof id === 'string') p.onSelect(id);
    },
    [p],
  );

  const selectedFilter: FilterSpecification = ['==', ['get', 'id'], p.selectedId ?? ''];
  return (
    <MapGL
      ref={ref}
      initialViewState={
        p.bbox
          ? { bounds: p.bbox, fitBoundsOptions: { padding: 20 } }
          : { longitude: 0, latitude: 0, zoom: 2 }
      }
      mapStyle={p.styleUrl}
      style={{ width: '100%', height: '100%' }}
      interactiveLayerIds={p.draw === 'none' ? ['planner-fill'] : []}
      cursor={p.draw === 'none' ? undefined : 'crosshair'}
      onClick={onClick}
      onLoad={() => {
        const map = ref.current?.getMap();
        document.documentElement.dataset.mapIdle = 'false';
        // for browser tests and debugging, as the resident map does
        (window as unknown as { __plannerMap?: unknown }).__plannerMap = map;
        // the planner names the neighbourhoods itself, over its colours: not twice
        if (map?.getLayer('neighbourhood-names')) map.setLayoutProperty('neighbourhood-names', 'visibility', 'none');
        map?.on('dataloading', () => {
          document.documentElement.dataset.mapIdle = 'false';
        });
        map?.on('idle', () => {
          document.documentElement.dataset.mapIdle = 'true';
        });
      }}
      fadeDuration={0}
      attributionControl={{ compact: true }}
      aria-label={p.label}
    >
      <NavigationControl position="top-right" showCompass={false} />
      <ScaleControl position="bottom-left" />
      <Source id="planner-shapes" type="geojson" data={p.shapes}>
        <Layer id="planner-fill" type="fill" paint={{ 'fill-color': fill, 'fill-opacity': 0.78 }} />
        <Layer id="planner-line" type="line" paint={{ 'line-color': '#374151', 'line-width': 1 }} />
        <Layer
          id="planner-selected"
          type="line"
          filter={selectedFilter}
          paint={{ 'line-color': '#111827', 'line-width': 4 }}
        />
      </Source>
      <Source id="planner-zones" type="geojson" data={p.zones ?? EMPTY}>
        <Layer
          id="planner-zones-fill"
          type="fill"
          paint={{ 'fill-color': '#b91c1c', 'fill-opacity': 0.12 }}
        />
        <Layer
          id="planner-zones-line"
          type="line"
          paint={{ 'line-color': '#b91c1c', 'line-width': 2.5, 'line-dasharray': [2, 1.5] }}
        />
      </Source>
      <Source id="planner-sites" type="geojson" data={p.sites ?? EMPTY}>
        <Layer
          id="planner-sites-area"
          type="line"
          filter={['!=', ['geometry-type'], 'Point']}
          paint={{ 'line-color': '#14532d', 'line-width': 1.5 }}
        />
        <Layer
          id="planner-sites-point"
          type="circle"
          filter={['==', ['geometry-type'], 'Point']}
          paint={{
            'circle-radius': 4,
            'circle-color': '#111827',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1.5,
          }}
        />
      </Source>
      <Source id="planner-unreached" type="geojson" data={p.unreached ?? EMPTY}>
        <Layer
          id="planner-unreached-fill"
          type="fill"
          paint={{ 'fill-color': '#5b21b6', 'fill-opacity': 0.22 }}
        />
        <Layer
          id="planner-unreached-line"
          type="line"
          paint={{ 'line-color': '#5b21b6', 'line-width': 4, 'line-dasharray': [1, 1] }}
        />
      </Source>
      <Source id="planner-needs" type="geojson" data={p.needs ?? EMPTY}>
        <Layer
          id="planner-needs-point"
          type="circle"
          paint={{
            'circle-radius': 5,
            'circle-color': '#c2410c',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1.5,
          }}
        />
      </Source>
      <Source id="planner-proposals" type="geojson" data={p.proposals ?? EMPTY}>
        <Layer
          id="planner-proposals-point"
          type="circle"
          paint={{
            'circle-radius': 5,
            'circle-color': '#1d4ed8',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1.5,
          }}
        />
      </Source>
      <Source id="planner-labels" type="geojson" data={labels}>
        <Layer
          id="planner-labels"
          type="symbol"
          layout={{
            'text-field': ['get', 'name'],
            'text-size': 14,
            'text-max-width': 8,
            'text-line-height': 1.15,
            'text-padding': 2,
          }}
          paint={{
            'text-color': '#111827',
            'text-halo-color': 'rgba(255, 255, 255, 0.92)',
            'text-halo-width': 2,
          }}
        />
      </Source>
      <Source id="planner-site" type="geojson" data={siteData}>
        <Layer
          id="planner-site-line"
          type="line"
          filter={['==', ['geometry-type'], 'LineString']}
          paint={{ 'line-color': '#1d4ed8', 'line-width': 3 }}
        />
        <Layer
          id="planner-site-point"
          type="circle"
          filter={['==', ['geometry-type'], 'Point']}
          paint={{
            'circle-radius': 7,
            'circle-color': '#1d4ed8',
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          }}
        />
      </Source>
    </MapGL>
  );
}
