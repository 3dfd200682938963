/**
 * The block connectors' map (its own chunk: MapLibre is heavy): areas drawn as outlined shapes,
 * numbered markers for the items listed beside it (the list is the way in without a map), and —
 * for drawing an area — a click or tap that adds a corner, with the corners joined as they are put.
 * Each map is exposed as window.__connectorMaps[name] once loaded, for browser tests.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { type Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useMemo, useRef } from 'react';
import MapGL, { Layer, type MapRef, Marker, NavigationControl, Source } from 'react-map-gl/maplibre';
import type { Geometry } from './api.ts';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    __connectorMaps?: Record<string, MapLibreMap>;
  }
}

export interface MapPoint {
  lon: number;
  lat: number;
  /** the number shown on the marker and beside the item in the list */
  n: number;
  label: string;
  kind?: 'opportunity' | 'proposal' | 'need';
}

export interface AreaMapProps {
  name: string;
  styleUrl: string;
  label: string;
  home: { center: [number, number]; zoom: number };
  /** fit to these bounds at start (else the home view, or the single point) */
  bbox?: [number, number, number, number] | null;
  areas?: Geometry[];
  /** shapes shown lighter (neighbourhoods one may choose) */
  context?: Geometry[];
  points?: MapPoint[];
  /** the corners of an area being drawn */
  draft?: [number, number][];
  onPick?: (lon: number, lat: number) => void;
  onCentre?: (get: () => [number, number] | null) => void;
  interactive?: boolean;
  zoom?: number;
}

const feature = (g: Geometry) => ({ type: 'Feature' as const, properties: {}, geometry: g });

export default function AreaMap(p: AreaMapProps) {
  const ref = useRef<MapRef>(null);
  const { onCentre, name } = p;
  useEffect(() => {
    onCentre?.(() => {
      const c = ref.current?.getCenter();
      return c ? [c.lng, c.lat] : null;
    });
  }, [onCentre]);
  useEffect(
    () => () => {
      if (window.__connectorMaps) delete window.__connectorMaps[name];
    },
    [name],
  );
  const areas = useMemo(
    () => ({ type: 'FeatureCollection' as const, features: (p.areas ?? []).map(feature) }),
    [p.areas],
  );
  const context = useMemo(
    () => ({ type: 'FeatureCollection' as const, features: (p.context ?? []).map(feature) }),
    [p.context],
  );
  const draft = useMemo(() => {
    const c = p.draft ?? [];
    const first = c[0];
    const geometry =
      c.length >= 3 && first
        ? { type: 'Polygon' as const, coordinates: [[...c, first]] }
        : { type: 'LineString' as const, coordinates: c };
    return {
      type: 'FeatureCollection' as const,
      features: c.length >= 2 ? [{ type: 'Feature' as const, properties: {}, geometry }] : [],
    };
  }, [p.draft]);
  const single = p.points?.length === 1 && !p.bbox ? p.points[0] : undefined;
  const initial = single
    ? { longitude: single.lon, latitude: single.lat, zoom: p.zoom ?? 15 }
    : p.bbox
      ? { bounds: p.bbox, fitBoundsOptions: { padding: 24 } }
      : { longitude: p.home.center[0], latitude: p.home.center[1], zoom: p.home.zoom };
  const interactive = p.interactive ?? true;
  return (
    <MapGL
      ref={ref}
      initialViewState={initial}
      mapStyle={p.styleUrl}
      style={{ width: '100%', height: '100%' }}
      cursor={p.onPick ? 'crosshair' : 'grab'}
      interactive={interactive}
      onLoad={() => {
        const m = ref.current?.getMap();
        if (m) window.__connectorMaps = { ...window.__connectorMaps, [name]: m };
      }}
      onClick={(e) => p.onPick?.(e.lngLat.lng, e.lngLat.lat)}
      attributionControl={{ compact: true }}
      aria-label={p.label}
      fadeDuration={0}
    >
      {interactive && <NavigationControl position="top-right" showCompass={false} />}
      <Source id="context" type="geojson" data={context}>
        <Layer id="context-fill" type="fill" paint={{ 'fill-color': '#1f6feb', 'fill-opacity': 0.08 }} />
        <Layer
          id="context-line"
          type="line"
          paint={{ 'line-color': '#1f4e8c', 'line-width': 1, 'line-dasharray': [2, 2] }}
        />
      </Source>
      <Source id="areas" type="geojson" data={areas}>
        <Layer id="areas-fill" type="fill" paint={{ 'fill-color': '#0b7a45', 'fill-opacity': 0.15 }} />
        <Layer id="areas-line" type="line" paint={{ 'line-color': '#0b5d36', 'line-width': 3 }} />
      </Source>
      <Source id="draft" type="geojson" data={draft}>
        <Layer
          id="draft-fill"
          type="fill"
          filter={['==', ['geometry-type'], 'Polygon']}
          paint={{ 'fill-color': '#b45309', 'fill-opacity': 0.2 }}
        />
        <Layer id="draft-line" type="line" paint={{ 'line-color': '#92400e', 'line-width': 3 }} />
      </Source>
      {(p.draft ?? []).map(([lon, lat], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: corners are identified by their order
        <Marker key={i} longitude={lon} latitude={lat} anchor="center">
          <span className="corner-marker" aria-hidden="true" />
        </Marker>
      ))}
      {(p.points ?? []).map((pt) => (
        <Marker key={`${pt.n}`} longitude={pt.lon} latitude={pt.lat} anchor="center">
          <span
            className={`item-marker item-marker-${pt.kind ?? 'opportunity'}`}
            role="img"
            aria-label={pt.label}
          >
            <bdi>{pt.n}</bdi>
          </span>
        </Marker>
      ))}
    </MapGL>
  );
}
