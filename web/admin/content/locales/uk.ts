import en from './en.ts';

const uk: typeof en = en;
export default uk;
