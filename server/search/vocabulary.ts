/**
 * Categories and kinds of place by the words residents type for them, in any of the six
 * languages ("бібліотека", "їжа", "food bank", "ספרייה"), forgiving case, accents, a typo, a
 * word ending and Latin letters typed for Cyrillic ones ("бiблiотека" with a Latin i).
 *
 * The words: each category's label (data/taxonomy/categories.json) and the terms of
 * data/taxonomy/search-terms.json. The vocabulary is small (a few hundred words), so it is
 * matched here in JS, the same on both databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

type PerLang = Record<string, string[]>;
type Labels = Record<string, string>;

interface Terms {
  categories: Record<string, PerLang>;
  place_kinds: Record<string, { label: Labels; terms: PerLang }>;
}

const taxonomy = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'taxonomy', file), 'utf8')) as unknown;

const CATEGORIES = (taxonomy('categories.json') as { categories: { code: string; label: Labels }[] }).categories;
const TERMS = taxonomy('search-terms.json') as Terms;

export interface VocabularyMatch {
  type: 'category' | 'place_kind';
  code: string;
  /** the label in the asked language (else English) */
  label: string;
  /** 1 for the very word; less for a prefix, a word ending or a typo */
  score: number;
}

/** Latin letters that look like Cyrillic ones, typed on the wrong keyboard layout */
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  h: 'н',
  b: 'в',
};
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** lower case, no accents or points (Hebrew niqqud too), ё→е, ' and ’ dropped */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’ʼ`"״׳-]/g, '');
}

/** the words of a text, folded; a word mixing Latin and Cyrillic letters is read as Cyrillic */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (CYRILLIC.test(w) ? [...w].map((ch) => LATIN_TO_CYRILLIC[ch] ?? ch).join('') : w));
}

/** edit distance with transpositions (optimal string alignment), by code points */
function distance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= s.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[s.length] as number[])[t.length] as number;
}

const len = (w: string) => [...w].length;
function commonPrefix(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let n = 0;
  while (n < s.length && n < t.length && s[n] === t[n]) n++;
  return n;
}

/**
 * How well a typed word matches a word of the vocabulary: 1 the same; 0.9 the start of it
 * (typing in progress, three letters at least); 0.85 the same word with another ending
 * ("бібліотеку", "libraries"; 0.8 for three-letter words: "їжу"); 0.8 a typo (one edit in up to 7 letters, two beyond) — also a typo
 * in a word with another ending; 0 otherwise.
 */
export function wordScore(typed: string, word: string): number {
  if (typed === word) return 1;
  const lt = len(typed);
  const lw = len(word);
  if (lt >= 3 && lw > lt && word.startsWith(typed)) return 0.9;
  const shorter = Math.min(lt, lw);
  if (shorter >= 4 && commonPrefix(typed, word) >= Math.max(4, Math.max(lt, lw) - 2)) return 0.85;
  // a short word with another ending ("їжу", "еду"): three letters, the first two the same
  if (lt === 3 && lw === 3 && commonPrefix(typed, word) === 2) return 0.8;
  if (shorter >= 4) {
    const allowed = Math.max(lt, lw) >= 8 ? 2 : 1;
    if (distance(typed, word) <= allowed) return 0.8;
    // a typo and another ending: compare without the last two letters of each
    if (shorter >= 6) {
      const cut = (w: string) => [...w].slice(0, -2).join('');
      if (distance(cut(typed), cut(word)) <= (shorter >= 9 ? 2 : 1)) return 0.8;
    }
  }
  return 0;
}

/** how well the typed words match a term: each word of the term must match one typed word */
function termScore(typed: string[], term: string[]): number {
  if (!term.length || !typed.length) return 0;
  let worst = 1;
  for (const w of term) {
    let best = 0;
    for (const t of typed) best = Math.max(best, wordScore(t, w));
    if (best === 0) return 0;
    worst = Math.min(worst, best);
  }
  // every typed word should be part of the term ("food" for "food bank" is fine, "food park" is not)
  const unused = typed.filter((t) => !term.some((w) => wordScore(t, w) > 0)).length;
  return unused ? 0 : worst;
}

interface Entry {
  type: VocabularyMatch['type'];
  code: string;
  labels: Labels;
  terms: string[][];
}

const ENTRIES: Entry[] = [
  ...CATEGORIES.map((c) => ({
    type: 'category' as const,
    code: c.code,
    labels: c.label,
    terms: [...Object.values(c.label), ...Object.values(TERMS.categories[c.code] ?? {}).flat()].map(words),
  })),
  ...Object.entries(TERMS.place_kinds).map(([code, k]) => ({
    type: 'place_kind' as const,
    code,
    labels: k.label,
    terms: [...Object.values(k.label), ...Object.values(k.terms).flat()].map(words),
  })),
];

/** the categories and kinds of place the text names, best first (at least 0.8 each) */
export function matchVocabulary(text: string, lang: string): VocabularyMatch[] {
  const typed = words(text);
  if (!typed.length || typed.join('').length < 2) return [];
  const out: VocabularyMatch[] = [];
  for (const e of ENTRIES) {
    let score = 0;
    for (const t of e.terms) score = Math.max(score, termScore(typed, t));
    if (score >= 0.8)
      out.push({ type: e.type, code: e.code, label: e.labels[lang] ?? e.labels.en ?? e.code, score });
  }
  return out.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}

/** the label of a kind of place in a language (else English) */
export function placeKindLabel(code: string, lang: string): string {
  const k = TERMS.place_kinds[code];
  return k?.label[lang] ?? k?.label.en ?? code;
}
