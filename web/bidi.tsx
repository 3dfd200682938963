/**
 * Bidirectional isolation at the places where a value meets the text around it.
 *
 * In a right-to-left (Hebrew) line, a value that is not Hebrew takes part in the line's ordering
 * unless it is isolated: "09:00–17:00" is drawn "17:00–09:00" (the dash between two numbers
 * takes the line's direction), "270 m" is drawn "m 270", "370 Alder Road, Lindmere" is drawn
 * "Alder Road, Lindmere 370" and "+00 555 0100" is drawn "0100 555 00+". Each such value is
 * rendered through one of these:
 *
 * - `<Ltr>`: always left to right — times and time ranges, numbers with units, age ranges, phone
 *   numbers, e-mail addresses, URLs, codes (an OSM `opening_hours` string).
 * - `<Bdi>`: its direction from its own first strong letter — names, addresses, dates and
 *   anything written in words (a Hebrew address reads right to left, a Latin one left to right).
 *
 * In plain strings (interpolations into a translated sentence, share texts, titles): `ltr()`
 * (LRI…PDI) and `isolate()` from web/format.ts (FSI…PDI).
 */
import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  className?: string;
  lang?: string;
}

/** a value always read left to right, isolated from the line around it */
export function Ltr({ children, className, lang }: Props) {
  return (
    <bdi dir="ltr" className={className} lang={lang}>
      {children}
    </bdi>
  );
}

/** a value isolated from the line around it, in the direction of its own first strong letter */
export function Bdi({ children, className, lang }: Props) {
  return (
    <bdi dir="auto" className={className} lang={lang}>
      {children}
    </bdi>
  );
}

/** a phone number: one left-to-right run, whatever the page's direction */
export function Phone({ number }: { number: string }) {
  return <Ltr className="phone-number">{number}</Ltr>;
}

/** a string isolated left to right (LRI…PDI): a number, a time range, a phone number inside a sentence */
export const ltr = (v: string | number) => `\u2066${v}\u2069`;
