/** Every shipped mapping is valid against its schema, so a municipality can start from it. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { CensusMappingSchema } from '../../server/import/census.ts';
import { TabularMappingSchema } from '../../server/import/mapping.ts';

const DIR = path.join(PROJECT_ROOT, 'data', 'mappings');
const files = fs
  .readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json') && !f.endsWith('tenant.json'));

describe('shipped mappings', () => {
  it.each(files)('%s is a valid mapping', (file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { format: string };
    const schema = raw.format === 'census' ? CensusMappingSchema : TabularMappingSchema;
    const r = schema.safeParse(raw);
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues)).toBe(true);
  });
});
