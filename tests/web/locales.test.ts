/** Every interface language has every string of English (plural forms may differ). */
import { describe, expect, it } from 'vitest';
import en from '../../web/i18n/locales/en.ts';
import fr from '../../web/i18n/locales/fr.ts';
import he from '../../web/i18n/locales/he.ts';
import pl from '../../web/i18n/locales/pl.ts';
import ru from '../../web/i18n/locales/ru.ts';
import uk from '../../web/i18n/locales/uk.ts';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? keys(v, `${prefix}${k}.`)
      : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

describe('interface translations', () => {
  const reference = new Set(keys(en));
  it.each(Object.entries({ fr, he, pl, uk, ru }))(
    '%s has every English string and no stray ones',
    (_lang, t) => {
      const have = new Set(keys(t));
      expect([...reference].filter((k) => !have.has(k))).toEqual([]);
      expect([...have].filter((k) => !reference.has(k))).toEqual([]);
    },
  );
  it.each(Object.entries({ fr, he, pl, uk, ru }))('%s keeps the placeholders', (_lang, t) => {
    const flat = (o: object, p = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v !== null
          ? flat(v, `${p}${k}.`)
          : [[`${p}${k}`, String(v)] as [string, string]],
      );
    const enMap = new Map(flat(en).map(([k, v]) => [k.replace(/_(one|other)$/, ''), v]));
    for (const [k, v] of flat(t)) {
      const ref = enMap.get(k.replace(/_(zero|one|two|few|many|other)$/, ''));
      if (!ref) continue;
      const vars = (s: string) =>
        [...s.matchAll(/\{\{(\w+)\}\}/g)]
          .map((m) => m[1])
          .filter((x) => x !== 'count')
          .sort();
      expect(vars(v), k).toEqual(vars(ref));
    }
  });
});
