import type en from './en.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & Record<string, unknown>;

/** Every language has English's keys; plural keys may add forms (_two, _few, _many). */
export type ConnectorsTranslation = Shape<typeof en>;
