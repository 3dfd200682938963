import type en from './en.ts';

/** English's keys at every level; plural keys may add the language's forms (_two, _few, _many). */
type Strings<T> = {
  [K in keyof T]: T[K] extends string ? string : Strings<T[K]>;
};
export type SurveyStrings = Strings<typeof en> & { [plural: string]: unknown };
