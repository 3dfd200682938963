import type en from './en.ts';

/** Every language has English's sections and keys; plural keys may add forms (_few, _many). */
export type Translation = {
  [K in keyof typeof en]: (typeof en)[K] extends string ? string : Record<string, string>;
};
