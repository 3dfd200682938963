import { describe, expect, it } from 'vitest';
import { stableId, UUID_RE } from './ids.ts';

describe('stableId', () => {
  it('is a version 5 UUID, the same for the same inputs and different otherwise', () => {
    const a = stableId('town', 'src', '1', 'place');
    expect(a).toMatch(UUID_RE);
    expect(a[14]).toBe('5');
    expect(stableId('town', 'src', '1', 'place')).toBe(a);
    expect(stableId('town', 'src', '2', 'place')).not.toBe(a);
    expect(stableId('town', 'src', '1', 'opportunity')).not.toBe(a);
    expect(stableId('town2', 'src', '1', 'place')).not.toBe(a);
  });
});
