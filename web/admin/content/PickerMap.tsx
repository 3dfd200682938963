/**
 * The map of the location picker (its own chunk: MapLibre is heavy), through react-map-gl as the
 * resident map (web/map/MapView.tsx): a click or tap puts the point, the marker can be dragged,
 * and with the keyboard the map is moved with the arrow keys and the point put at its centre
 * (a button beside it, in LocationPicker).
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { type Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import MapGL, { type MapRef, Marker, NavigationControl } from 'react-map-gl/maplibre';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** the picker's MapLibre map, for browser tests */
    __contentPickerMap?: MapLibreMap;
  }
}

export interface PickerMapProps {
  styleUrl: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number] | null;
  point: { lon: number; lat: number } | null;
  label: string;
  markerLabel: string;
  /** a new value makes the map go there */
  flyTo: { lon: number; lat: number; key: number } | null;
  onPick: (p: { lon: number; lat: number }) => void;
  /** hands the caller a way to read the map's centre (for "put the point at the centre") */
  onCentre: (get: () => { lon: number; lat: number } | null) => void;
}

export default function PickerMap(props: PickerMapProps) {
  const ref = useRef<MapRef>(null);
  const { onCentre, flyTo } = props;
  useEffect(() => {
    onCentre(() => {
      const c = ref.current?.getCenter();
      return c ? { lon: c.lng, lat: c.lat } : null;
    });
  }, [onCentre]);
  useEffect(() => {
    if (flyTo)
      ref.current?.jumpTo({ center: [flyTo.lon, flyTo.lat], zoom: Math.max(ref.current.getZoom(), 16) });
  }, [flyTo]);
  useEffect(() => () => void delete window.__contentPickerMap, []);
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
        if (m) window.__contentPickerMap = m;
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
