import en from './en.ts';

const ru: typeof en = en;
export default ru;
