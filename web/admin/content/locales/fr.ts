import en from './en.ts';

const fr: typeof en = en;
export default fr;
