import en from './en.ts';

const pl: typeof en = en;
export default pl;
