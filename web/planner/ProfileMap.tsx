/**
 * The profile's own map, for the printed report: the neighbourhood and the ones around it,
 * coloured as on the planner's map, the degraded zones hatched, the set's sites, and the names.
 * Drawn as SVG from the shapes the planner already has, so that it prints sharp on paper, needs
 * no WebGL canvas (which a browser may print blank) and fetches nothing.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { useMemo } from 'react';
import { type Box, boxOf, labelPoint, polygonsOf } from './geometry.ts';

const WIDTH = 600;
const HEIGHT = 400;
/** how much of the surroundings shows around the neighbourhood, as a share of its size */
const MARGIN = 0.45;

export interface ProfileMapProps {
  shapes: FeatureCollection<Geometry, { id: string; name: string; value: number | null }>;
  zones: FeatureCollection<Geometry> | null;
  sites: FeatureCollection<Geometry> | null;
  selectedId: string;
  /** the class colour of a value, as the planner's map fills it */
  colour: (value: number | null) => string;
  label: string;
}

/** a projection of the frame onto the drawing: longitudes scaled by cos(latitude), north up */
function projection(frame: Box) {
  const k = Math.cos((((frame[1] + frame[3]) / 2) * Math.PI) / 180);
  const w = (frame[2] - frame[0]) * k;
  const h = frame[3] - frame[1];
  const scale = Math.min(WIDTH / w, HEIGHT / h);
  const ox = (WIDTH - w * scale) / 2;
  const oy = (HEIGHT - h * scale) / 2;
  return (p: Position): [number, number] => [
    ox + ((p[0] ?? 0) - frame[0]) * k * scale,
    oy + (frame[3] - (p[1] ?? 0)) * scale,
  ];
}

function framed(box: Box): Box {
  const k = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
  // the frame keeps the drawing's proportions, with the neighbourhood in its middle
  let w = (box[2] - box[0]) * k * (1 + 2 * MARGIN);
  let h = (box[3] - box[1]) * (1 + 2 * MARGIN);
  if (w / h > WIDTH / HEIGHT) h = (w * HEIGHT) / WIDTH;
  else w = (h * WIDTH) / HEIGHT;
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  return [cx - w / k / 2, cy - h / 2, cx + w / k / 2, cy + h / 2];
}

export function ProfileMap(p: ProfileMapProps) {
  const drawing = useMemo(() => {
    const selected = p.shapes.features.find((f) => String(f.properties.id) === p.selectedId);
    const box = boxOf([selected?.geometry]);
    if (!selected || !box) return null;
    const at = projection(framed(box));
    const path = (g: Geometry | null | undefined) =>
      polygonsOf(g)
        .flatMap((poly) =>
          poly.map(
            (ring) =>
              `M${ring
                .map((c) => at(c))
                .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
                .join('L')}Z`,
          ),
        )
        .join('');
    const line = (g: Geometry) =>
      g.type === 'LineString'
        ? `M${g.coordinates
            .map((c) =>
              at(c)
                .map((v) => v.toFixed(1))
                .join(','),
            )
            .join('L')}`
        : '';
    return {
      areas: p.shapes.features.map((f) => ({
        id: String(f.properties.id),
        name: f.properties.name,
        d: path(f.geometry),
        fill: p.colour(f.properties.value),
        label: (() => {
          const c = labelPoint(f.geometry);
          return c ? at(c) : null;
        })(),
      })),
      zones: (p.zones?.features ?? []).map((f, i) => ({ key: String(f.id ?? i), d: path(f.geometry) })),
      sitePoints: (p.sites?.features ?? [])
        .filter((f) => f.geometry?.type === 'Point')
        .map((f, i) => ({
          key: String(f.id ?? i),
          at: at((f.geometry as { coordinates: Position }).coordinates),
        })),
      siteAreas: (p.sites?.features ?? [])
        .filter((f) => f.geometry && f.geometry.type !== 'Point')
        .map((f, i) => ({ key: String(f.id ?? i), d: path(f.geometry) || line(f.geometry) })),
    };
  }, [p.shapes, p.zones, p.sites, p.selectedId, p.colour]);

  if (!drawing) return null;
  const inFrame = ([x, y]: [number, number]) => x > 0 && x < WIDTH && y > 0 && y < HEIGHT;
  return (
    <figure className="profile-map">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={p.label}
        preserveAspectRatio="xMidYMid meet"
      >
        <defs>
          <clipPath id="profile-map-frame">
            <rect width={WIDTH} height={HEIGHT} />
          </clipPath>
        </defs>
        <rect className="profile-map-ground" width={WIDTH} height={HEIGHT} />
        <g clipPath="url(#profile-map-frame)">
          {drawing.areas.map((a) => (
            <path
              key={a.id}
              data-id={a.id}
              className={a.id === p.selectedId ? 'area selected' : 'area'}
              d={a.d}
              fill={a.fill}
            />
          ))}
          {drawing.zones.map((z) => (
            <path key={z.key} className="zone" d={z.d} />
          ))}
          {drawing.siteAreas.map((s) => (
            <path key={s.key} className="site-area" d={s.d} />
          ))}
          {drawing.sitePoints.map((s) => (
            <circle key={s.key} className="site" cx={s.at[0]} cy={s.at[1]} r={4.5} />
          ))}
          {/* the neighbourhood's outline again, over everything */}
          {drawing.areas
            .filter((a) => a.id === p.selectedId)
            .map((a) => (
              <path key={a.id} className="selected-outline" d={a.d} />
            ))}
          {drawing.areas
            .filter((a) => a.label && inFrame(a.label))
            .map((a) => (
              <text
                key={a.id}
                x={a.label?.[0]}
                y={a.label?.[1]}
                className={a.id === p.selectedId ? 'name selected' : 'name'}
                textAnchor="middle"
                dominantBaseline="middle"
              >
                {a.name}
              </text>
            ))}
        </g>
      </svg>
    </figure>
  );
}
