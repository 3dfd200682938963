import type en from './en.ts';

/** English's keys at every level; plural keys may add the language's forms (_two, _few, _many). */
type Strings<T> = {
  [K in keyof T]: T[K] extends string ? string : Strings<T[K]> & { [plural: string]: unknown };
};
export type ContentStrings = Strings<typeof en>;
