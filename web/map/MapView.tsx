/**
 * The map (a lazily loaded chunk: MapLibre is most of the app's weight). It draws the API layers
 * it is given over the basemap style, reports the visible bbox, and reports clicks on features
 * or, in pick mode, on the map.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { type MapGeoJSONFeature, type Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import MapGL, { AttributionControl, Layer, type MapLayerMouseEvent, type MapRef, Marker, NavigationControl, ScaleControl, Source } from 'react-map-gl/maplibre';
import type { FeatureProps, LayerCollection, LayerId } from '../api.ts';
import { useTranslation } from 'react-i18next';
import type { EmergencyPlace } from '../emergency/api.ts';
import { EMERGENCY_LAYER_IDS, emergencyCollection, emergencyLayers } from './emergencyLayers.ts';
import { dimmed, LAYER_ORDER, SYMBOL_LAYERS, shapeLayers, styleLayerIds, symbolLayers } from './layerStyles.ts';
import { largestPixels, pickSymbol, type SymbolCandidate, symbolCollection, TAP_TOLERANCE_PX } from './symbols.ts';
import { setBasemapLanguage, withBasemapLang } from './basemap.ts';
import { registerRtlText } from './rtl-text.ts';

setWorkerUrl(workerUrl);
registerRtlText();

declare global {
  interface Window {
    /** the MapLibre map, for browser tests and debugging */
    __commonsMap?: MapLibreMap;
  }
}

export type BBox = [number, number, number, number];

const EMPTY: LayerCollection = { type: 'FeatureCollection', features: [] };

export interface MapViewProps {
  styleUrl: string;
  home: { center: [number, number]; zoom: number };
  /** the tenant's extent: the first view fits it */
  bbox: BBox | null;
  data: Partial<Record<LayerId, LayerCollection>>;
  visible: Record<LayerId, boolean>;
  selectedId: string | null;
  point: [number, number] | null;
  /** what the point marker is called (default: the chosen point) */
  pointLabel?: string;
  picking: boolean;
  flyTo: { lon: number; lat: number; key: number; zoom?: number } | null;
  onBounds: (bbox: BBox, center: [number, number]) => void;
  onSelect: (props: FeatureProps) => void;
  onPick: (lon: number, lat: number) => void;
  /** emergency mode: the marked places drawn above everything, the routine layers dimmed */
  emergency?: EmergencyPlace[] | null;
  /** a marked place clicked on the map */
  onSelectEmergency?: (id: string) => void;
}

/**
 * The symbol (a circle layer among `layerIds`) whose drawn edge is nearest a tap at `point`, if
 * within TAP_TOLERANCE_PX; a marked emergency place first.
 */
function symbolNear(map: MapLibreMap, point: { x: number; y: number }, layerIds: string[]): MapGeoJSONFeature | undefined {
  const circles = layerIds.filter((id) => map.getLayer(id)?.type === 'circle');
  if (circles.length === 0) return undefined;
  const zoom = map.getZoom();
  const drawn = (id: string) =>
    largestPixels(map.getPaintProperty(id, 'circle-radius'), zoom) +
    largestPixels(map.getPaintProperty(id, 'circle-stroke-width'), zoom);
  const radii = new Map(circles.map((id) => [id, drawn(id)]));
  const reach = TAP_TOLERANCE_PX + Math.max(...radii.values());
  const found = map.queryRenderedFeatures(
    [
      [point.x - reach, point.y - reach],
      [point.x + reach, point.y + reach],
    ],
    { layers: circles },
  );
  const candidates: SymbolCandidate<MapGeoJSONFeature>[] = [];
  for (const f of found) {
    if (f.geometry.type !== 'Point') continue;
    const at = map.project(f.geometry.coordinates as [number, number]);
    candidates.push({
      feature: f,
      x: at.x,
      y: at.y,
      radius: radii.get(f.layer.id) ?? 0,
      priority: f.layer.id.startsWith('emergency-'),
    });
  }
  return pickSymbol(point.x, point.y, candidates);
}

function setIdle(idle: boolean) {
  document.documentElement.dataset.mapIdle = idle ? 'true' : 'false';
}

export default function MapView(props: MapViewProps) {
  const { t, i18n } = useTranslation();
  // right to left: the controls on the mirrored sides (zoom at the top left, scale bar at the bottom right)
  const rtl = i18n.dir(i18n.language) === 'rtl';
  const { onBounds, onSelect, onPick, picking, onSelectEmergency } = props;
  // the basemap's names follow the reader's language: the first style asks for it, a switch
  // re-points the tiles (no style reload)
  const langRef = useRef(i18n.language);
  langRef.current = i18n.language;
  const mapStyle = useMemo(() => withBasemapLang(props.styleUrl, langRef.current), [props.styleUrl]);
  const emergencyOn = !!props.emergency;
  const emergencyData = useMemo(() => emergencyCollection(props.emergency ?? []), [props.emergency]);
  const ref = useRef<MapRef>(null);
  const symbolData = useMemo(
    () => Object.fromEntries(SYMBOL_LAYERS.map((l) => [l, symbolCollection(props.data[l] ?? EMPTY)])) as Partial<Record<LayerId, LayerCollection>>,
    [props.data],
  );
  const interactive = useMemo(
    () => [
      ...LAYER_ORDER.filter((l) => props.visible[l]).flatMap(styleLayerIds).filter((id) => id !== 'neighbourhoods-line'),
      ...(emergencyOn ? EMERGENCY_LAYER_IDS : []),
    ],
    [props.visible, emergencyOn],
  );

  const reportBounds = useCallback(() => {
    const map = ref.current?.getMap();
    if (!map) return;
    const b = map.getBounds();
    const c = map.getCenter();
    onBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], [c.lng, c.lat]);
  }, [onBounds]);

  const handleLoad = useCallback(() => {
    const map = ref.current?.getMap();
    if (!map) return;
    window.__commonsMap = map;
    setBasemapLanguage(map, langRef.current);
    map.on('idle', () => setIdle(true));
    map.on('movestart', () => setIdle(false));
    map.on('dataloading', () => setIdle(false));
    reportBounds();
  }, [reportBounds]);

  useEffect(() => () => {
    delete window.__commonsMap;
    delete document.documentElement.dataset.mapIdle;
  }, []);

  useEffect(() => {
    const map = ref.current?.getMap();
    if (!map) return; // handleLoad applies the language once the style is there
    try {
      setBasemapLanguage(map, i18n.language);
    } catch {
      // the style is still loading: handleLoad applies the language
    }
  }, [i18n.language]);

  useEffect(() => {
    if (props.flyTo) {
      ref.current?.flyTo({ center: [props.flyTo.lon, props.flyTo.lat], zoom: Math.max(ref.current.getZoom(), props.flyTo.zoom ?? 15), duration: 600 });
    }
  }, [props.flyTo]);

  const handleClick = useCallback(
    (e: MapLayerMouseEvent) => {
      if (picking) {
        onPick(e.lngLat.lng, e.lngLat.lat);
        return;
      }
      // a symbol within TAP_TOLERANCE_PX of the tap (the nearest) before any shape under it;
      // otherwise the topmost drawn feature at the tap
      const map = ref.current?.getMap();
      const f = (map && symbolNear(map, e.point, interactive)) ?? ((e.features ?? [])[0] as MapGeoJSONFeature | undefined);
      if (f?.layer.id.startsWith('emergency-')) {
        onSelectEmergency?.(String(f.properties?.id ?? ''));
        return;
      }
      if (f?.properties) onSelect(f.properties as FeatureProps);
    },
    [picking, onPick, onSelect, onSelectEmergency, interactive],
  );

  return (
    <MapGL
      ref={ref}
      initialViewState={
        props.bbox
          ? { bounds: props.bbox, fitBoundsOptions: { padding: 16 } }
          : { longitude: props.home.center[0], latitude: props.home.center[1], zoom: props.home.zoom }
      }
      mapStyle={mapStyle}
      style={{ width: '100%', height: '100%' }}
      interactiveLayerIds={picking ? [] : interactive}
      cursor={picking ? 'crosshair' : undefined}
      onLoad={handleLoad}
      onMoveEnd={reportBounds}
      onClick={handleClick}
      attributionControl={false}
      aria-label={t('mapLabel')}
      fadeDuration={0}
    >
      {/* keyed by direction: a control is placed once, so a language switch places it anew */}
      <NavigationControl key={`nav-${rtl}`} position={rtl ? 'top-left' : 'top-right'} showCompass={false} />
      <ScaleControl key={`scale-${rtl}`} position={rtl ? 'bottom-right' : 'bottom-left'} />
      <AttributionControl key={`attribution-${rtl}`} position={rtl ? 'bottom-left' : 'bottom-right'} compact />
      {LAYER_ORDER.map((layer) => {
        // every source exists from the start, so the layers keep their order whatever arrives first
        const fc = props.data[layer] ?? EMPTY;
        return (
          <Source key={layer} id={`src-${layer}`} type="geojson" data={fc}>
            {shapeLayers(layer, `src-${layer}`, props.selectedId).map((spec) => (
              <Layer
                key={spec.id}
                {...(emergencyOn ? dimmed(spec) : spec)}
                layout={{ ...(spec.layout ?? {}), visibility: props.visible[layer] ? 'visible' : 'none' }}
              />
            ))}
          </Source>
        );
      })}
      {/* symbols above every shape: a park's symbol is never under a garden's footprint */}
      {SYMBOL_LAYERS.map((layer) => (
        <Source key={`${layer}-symbols`} id={`src-${layer}-symbols`} type="geojson" data={symbolData[layer] ?? EMPTY}>
          {symbolLayers(layer, `src-${layer}-symbols`, props.selectedId).map((spec) => (
            <Layer
              key={spec.id}
              {...(emergencyOn ? dimmed(spec) : spec)}
              layout={{ ...(spec.layout ?? {}), visibility: props.visible[layer] ? 'visible' : 'none' }}
            />
          ))}
        </Source>
      ))}
      <Source id="src-emergency" type="geojson" data={emergencyData}>
        {emergencyLayers('src-emergency').map((spec) => (
          <Layer key={spec.id} {...spec} layout={{ ...(spec.layout ?? {}), visibility: emergencyOn ? 'visible' : 'none' }} />
        ))}
      </Source>
      {props.point && (
        <Marker longitude={props.point[0]} latitude={props.point[1]} anchor="bottom">
          <span className="point-marker" role="img" aria-label={props.pointLabel ?? t('youAreHere')} />
        </Marker>
      )}
    </MapGL>
  );
}
