/** Categories and audiences with their labels in the interface's language (data/taxonomy). */
import audiences from '../data/taxonomy/audiences.json';
import categories from '../data/taxonomy/categories.json';

type Labels = Record<string, string>;
const pick = (labels: Labels, lang: string) => labels[lang] ?? labels.en ?? '';

export const CATEGORIES = categories.categories.map((c) => c.code);
export const AUDIENCES = audiences.audiences.map((a) => a.code);
export const categoryLabel = (code: string, lang: string) =>
  pick((categories.categories.find((c) => c.code === code)?.label ?? {}) as Labels, lang) || code;
export const audienceLabel = (code: string, lang: string) =>
  pick((audiences.audiences.find((a) => a.code === code)?.label ?? {}) as Labels, lang) || code;
export const categoryColor = (code: string | undefined) => categories.categories.find((c) => c.code === code)?.color ?? '#6b7280';
