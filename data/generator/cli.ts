/**
 * npm run generate:demo                       regenerates data/demo/ (seed 42, the demo size)
 * npm run generate:demo -- --opportunities 1000000 --out /tmp/big-town [--seed 7]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../server/config.ts';
import { DEMO_OPPORTUNITIES, generateTown } from './town.ts';
import { writeTown } from './write.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(PROJECT_ROOT, 'data', 'demo') },
    seed: { type: 'string', default: '42' },
    opportunities: { type: 'string', default: String(DEMO_OPPORTUNITIES) },
  },
});
const seed = Number(values.seed);
const opportunities = Number(values.opportunities);
if (!Number.isInteger(seed) || !Number.isInteger(opportunities) || opportunities < 1) {
  console.error('--seed and --opportunities must be whole numbers (opportunities ≥ 1)');
  process.exit(2);
}
const t0 = Date.now();
const town = generateTown({ seed, opportunities });
const { opportunities: n } = await writeTown(values.out, town);
console.log(
  `Wrote ${path.relative(process.cwd(), values.out) || '.'}: ${town.neighbourhoods.features.length} neighbourhoods, ` +
    `${town.places.features.length} places, ${n} opportunities, ${town.streets.features.length} streets ` +
    `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
