/** Writes a town to a folder in the format of data/town-format.ts, streaming the opportunities. */
import fs from 'node:fs';
import path from 'node:path';
import type { TownSource } from '../../server/import/town.ts';

function writeCollection(file: string, fc: GeoJSON.FeatureCollection) {
  // one feature per line: small diffs when the generator changes, and readable
  const body = fc.features.map((f) => JSON.stringify(f)).join(',\n');
  fs.writeFileSync(file, `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
}

export async function writeTown(dir: string, town: TownSource): Promise<{ opportunities: number }> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'town.json'), `${JSON.stringify(town.tenant, null, 2)}\n`);
  writeCollection(path.join(dir, 'neighbourhoods.geojson'), town.neighbourhoods);
  writeCollection(path.join(dir, 'zones.geojson'), town.zones);
  writeCollection(path.join(dir, 'places.geojson'), town.places);
  writeCollection(path.join(dir, 'streets.geojson'), town.streets);
  writeCollection(path.join(dir, 'water.geojson'), town.water);
  const out = fs.createWriteStream(path.join(dir, 'opportunities.json'));
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  let n = 0;
  await write('[\n');
  for (const o of town.opportunities) {
    await write(`${n ? ',\n' : ''}${JSON.stringify(o)}`);
    n++;
  }
  await write('\n]\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { opportunities: n };
}
