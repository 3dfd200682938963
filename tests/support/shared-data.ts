/**
 * The real open data beside the project (../shared/data, or COMMONS_SHARED_DATA). In CI it must
 * be there: a missing folder fails the suite instead of skipping its tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export const SHARED_DATA =
  process.env.COMMONS_SHARED_DATA ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data');

export function sharedDataAvailable(sub: string): boolean {
  const dir = path.join(SHARED_DATA, sub);
  if (fs.existsSync(dir)) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`CI=true but the shared test data is missing at ${dir} (set COMMONS_SHARED_DATA)`);
  }
  console.warn(`Shared data not found at ${dir}: these tests are skipped (set COMMONS_SHARED_DATA).`);
  return false;
}

export const vancouver = (file: string) => path.join(SHARED_DATA, 'vancouver', file);
