/** "did you mean …?" for a misspelt key: the nearest of the valid names by edit distance. */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** the valid name nearest to `key`, when it is near enough to be what was meant */
export function nearest(key: string, valid: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const v of valid) {
    const d = editDistance(key, v);
    if (d < bestD) {
      best = v;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** `unknown key "populaton" (did you mean "population"?)` */
export function unknownKey(what: string, key: string, valid: readonly string[]): string {
  const n = nearest(key, valid);
  return `unknown ${what} "${key}"${n ? ` (did you mean "${n}"?)` : ''}; valid: ${valid.join(', ')}`;
}
