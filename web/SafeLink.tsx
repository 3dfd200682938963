/**
 * A link to a URL from imported content: a real link only for safe schemes (safe-url.ts); any
 * other URL is shown as plain text, so a `javascript:` or `data:` link can never be followed.
 */
import type { ReactNode } from 'react';
import { SAFE_SCHEMES, safeHref } from './safe-url.ts';

export function SafeLink(props: {
  url: string | null | undefined;
  children?: ReactNode;
  /** opens in a new tab (websites); mailto/tel links stay in place */
  external?: boolean;
  allowed?: ReadonlySet<string>;
}) {
  if (!props.url) return null;
  const href = safeHref(props.url, props.allowed ?? SAFE_SCHEMES);
  if (!href) {
    const text = props.url.length > 80 ? `${props.url.slice(0, 80)}…` : props.url;
    return <span className="unsafe-link">{text}</span>;
  }
  return props.external ? (
    <a href={href} rel="noopener noreferrer" target="_blank">
      {props.children}
    </a>
  ) : (
    <a href={href}>{props.children}</a>
  );
}
