import en from './en.ts';

const he: typeof en = en;
export default he;
