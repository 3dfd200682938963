/**
 * The map of the participation forms (its own chunk: MapLibre is heavy): a click or tap puts the
 * point, the marker can be dragged; with the keyboard the map moves with the arrow keys and the
 * point goes to its centre (a button beside it, in WhereField).
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { type Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import MapGL, { type MapRef, Marker, NavigationControl } from 'react-map-gl/maplibre';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** the participation form's MapLibre map, for browser tests */
    __participateMap?: MapLibreMap;
  }
}

export interface ParticipateMapProps {
  styleUrl: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number] | null;
  point: { lon: number; lat: number } | null;
  label: string;
  markerLabel: string;
  /** a new value makes the map go there */
  flyTo: { lon: number; lat: number; zoom: number; key: number } | null;
  onPick: (p: { lon: number; lat: number }) => void;
  /** hands the caller a way to read the map's centre (for "put the point at the centre") */
  onCentre: (get: () => { lon: number; lat: number } | null) => void;
}

export default function ParticipateMap(props: ParticipateMapProps) {
  const ref = useRef<MapRef>(null);
  const { onCentre, flyTo } = props;
  useEffect(() => {
    onCentre(() => {
      const c = ref.current?.getCenter();
      return c ? { lon: c.lng, lat: c.lat } : null;
    });
  }, [onCentre]);
  useEffect(() => {
    if (flyTo) ref.current?.jumpTo({ center: [flyTo.lon, flyTo.lat], zoom: Math.max(ref.current.getZoom(), flyTo.zoom) });
  }, [flyTo]);
  useEffect(() => () => void delete window.__participateMap, []);
  const initial = props.point
    ? { longitude: props.point.lon, latitude: props.point.lat, zoom: 16 }
    : props.bbox
      ? { bounds: props.bbox, fitBoundsOptions: { padding: 16 } }
      : { longitude: props.home.center[0], latitude: props.home.center[1], zoom: props.home.zoom };
  return (
    <MapGL
      ref={ref}
      initialViewState={initial}
      mapStyle={props.styleUrl}
      style={{ width: '100%', height: '100%' }}
      cursor="crosshair"
      onLoad={() => {
        const m = ref.current?.getMap();
        if (m) window.__participateMap = m;
      }}
      onClick={(e) => props.onPick({ lon: e.lngLat.lng, lat: e.lngLat.lat })}
      attributionControl={{ compact: true }}
      aria-label={props.label}
      fadeDuration={0}
    >
      <NavigationControl position="top-right" showCompass={false} />
      {props.point && (
        <Marker
          longitude={props.point.lon}
          latitude={props.point.lat}
          anchor="bottom"
          draggable
          onDragEnd={(e) => props.onPick({ lon: e.lngLat.lng, lat: e.lngLat.lat })}
        >
          <span className="point-marker" role="img" aria-label={props.markerLabel} />
        </Marker>
      )}
    </MapGL>
  );
}
