/**
 * A large GeoJSON FeatureCollection for memory checks of the importer: the Vancouver parks
 * (../shared/data/vancouver/parks-polygon-representation.geojson) repeated, each copy with its own
 * park ids, until the file reaches the size asked for. Written as it is generated; never committed.
 */
import fs from 'node:fs';
import { once } from 'node:events';

interface ParkFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

/** writes the file and returns how many features it holds */
export async function writeLargeParks(source: string, target: string, bytes: number): Promise<number> {
  const parks = (JSON.parse(fs.readFileSync(source, 'utf8')) as { features: ParkFeature[] }).features;
  const out = fs.createWriteStream(target);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let written = 0;
  let count = 0;
  await write('{"type":"FeatureCollection","name":"parks-repeated","features":[\n');
  for (let copy = 1; written < bytes; copy++) {
    for (const f of parks) {
      const p = f.properties;
      const id = p.park_id ?? p.park_name ?? `point-${count}`;
      const line = `${count ? ',\n' : ''}${JSON.stringify({
        ...f,
        properties: {
          ...p,
          park_id: `${String(id)}-copy${copy}`,
          park_name: `${String(p.park_name ?? 'Park')} (${copy})`,
        },
      })}`;
      await write(line);
      written += Buffer.byteLength(line);
      count++;
      if (written >= bytes) break;
    }
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  return count;
}
