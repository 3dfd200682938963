/** Escaping and the page frame shared by the subscription mails and pages. */
import { RTL } from './texts.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

/** a value that may run the other way than the sentence around it (a time, a Latin name in Hebrew) */
export const bdi = (s: string) => `<bdi>${escapeHtml(s)}</bdi>`;
/** the same in plain text: FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE */
export const isolate = (s: string) => `\u2068${s}\u2069`;

export function dirOf(lang: string): 'rtl' | 'ltr' {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

/** a whole HTML document: large readable type, high contrast, the language's direction */
export function document(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${dirOf(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;font-size:18px;line-height:1.5;color:#111;background:#fff;margin:0;padding:16px}
main{max-width:40em;margin:0 auto}
h1{font-size:26px;line-height:1.25}
h2{font-size:21px;margin:0 0 4px}
a{color:#0645ad}
.item{border-top:1px solid #767676;padding:12px 0}
.when{font-weight:bold}
button,.button{font-size:18px;padding:10px 18px;background:#0b5394;color:#fff;border:0;border-radius:6px;text-decoration:none;display:inline-block;cursor:pointer}
button.danger{background:#a61c00}
label{display:block;font-weight:bold;margin-top:12px}
input,select{font-size:18px;padding:6px;max-width:100%}
.footer{font-size:16px;color:#333;border-top:1px solid #767676;margin-top:24px;padding-top:12px}
</style></head>
<body><main>${body}</main></body></html>`;
}
