import type en from './en.ts';

/** Every language has English's keys; plural keys may add forms (_two, _few, _many). */
export type LeafletStrings = {
  [K in keyof typeof en]: (typeof en)[K] extends string ? string : Record<string, string>;
} & Record<string, string | Record<string, string>>;
