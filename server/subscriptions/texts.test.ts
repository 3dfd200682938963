import { describe, expect, it } from 'vitest';
import { MAIL_LANGUAGES, textsFor } from './texts.ts';

describe('mail texts', () => {
  const en = textsFor('en');
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it.each(MAIL_LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every string, translated, with the same placeholders',
    (lang) => {
      const t = textsFor(lang);
      for (const [k, v] of Object.entries(en)) {
        const mine = t[k as keyof typeof t];
        expect(mine, k).toBeTruthy();
        expect(placeholders(mine), k).toEqual(placeholders(v));
        if (!['save'].includes(k)) expect(mine, `${lang}.${k} is English`).not.toBe(v);
      }
    },
  );
});
