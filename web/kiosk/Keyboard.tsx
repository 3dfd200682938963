/**
 * An on-screen keyboard for the one optional text entry (search by name), in the script of the
 * kiosk's language: nobody needs a physical keyboard, and nobody has to use this one.
 */
const LAYOUTS: Record<string, string[]> = {
  en: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
  fr: ['azertyuiop', 'qsdfghjklm', 'wxcvbnéèàç'],
  pl: ['qwertyuiop', 'asdfghjklł', 'zxcvbnmąęóśżź'],
  he: ['קראטוןםפ', 'שדגכעיחלךף', 'זסבהנמצתץ'],
  uk: ['йцукенгшщзхї', 'фівапролджє', 'ячсмитьбюґ'],
  ru: ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбюё'],
};

export function Keyboard(props: {
  lang: string;
  label: string;
  spaceLabel: string;
  clearLabel: string;
  onKey: (k: string) => void;
  onBackspace: () => void;
  onClear: () => void;
}) {
  const rows = LAYOUTS[props.lang] ?? (LAYOUTS.en as string[]);
  return (
    // the keys sit as on a physical keyboard of the language, left to right, also in Hebrew
    <fieldset className="k-keyboard" dir="ltr">
      <legend className="sr-only">{props.label}</legend>
      {rows.map((row) => (
        <div key={row} className="k-keyrow">
          {[...row].map((ch) => (
            <button key={ch} type="button" className="k-key" onClick={() => props.onKey(ch)}>
              {ch}
            </button>
          ))}
        </div>
      ))}
      <div className="k-keyrow">
        <button type="button" className="k-key wide" onClick={() => props.onKey(' ')}>
          {props.spaceLabel}
        </button>
        <button type="button" className="k-key" onClick={props.onBackspace} aria-label="Backspace">
          ⌫
        </button>
        <button type="button" className="k-key wide" onClick={props.onClear}>
          {props.clearLabel}
        </button>
      </div>
    </fieldset>
  );
}
