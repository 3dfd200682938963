/**
 * The schedule builder in plain words: "every [week] on [Tue ☐ Thu ☐…] from [10:00] to [12:00],
 * from [6 January] until [30 June], not on [14 April] [+ add an exception]", also once, every N
 * days/weeks/months, and monthly on the first … last weekday. It edits builder states
 * (schedule.ts), which the editor turns into RRULE/EXDATE; a schedule written elsewhere that the
 * builder cannot show stays as it is, shown as text. The next dates come from the server
 * (POST /api/admin/schedule-preview), asked again a moment after each edit; an answer to an older
 * edit is dropped.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { ContentError, contentApi } from './contentApi.ts';
import { describeSchedule, Occurrence, weekdayName } from './format.tsx';
import { type ContentT, useContentText } from './i18n.ts';
import {
  type BuilderState,
  newBuilder,
  NTHS,
  type Nth,
  problemsOf,
  REPEATS,
  type Repeat,
  type ScheduleDraft,
  todayIn,
  toInput,
  WEEKDAYS,
  type Weekday,
} from './schedule.ts';
import type { Occurrence as Occ } from './types.ts';

const DEBOUNCE_MS = 400;

function addDays(ymd: string, n: number): string {
  const d = new Date(`${ymd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function ScheduleBuilder({
  drafts,
  onChange,
  timeZone,
}: {
  drafts: ScheduleDraft[];
  onChange: (d: ScheduleDraft[]) => void;
  timeZone: string;
}) {
  const { t, lang } = useContentText();
  const set = (i: number, d: ScheduleDraft) => onChange(drafts.map((x, j) => (j === i ? d : x)));
  const today = todayIn(timeZone);
  return (
    <div className="schedules">
      {drafts.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: schedules have no id; their place in the list is who they are
        <fieldset key={i} className="schedule">
          <legend>{t('schedule.heading', { n: i + 1 })}</legend>
          {d.kind === 'raw' ? (
            <div className="raw-schedule">
              <p>{t('schedule.raw')}</p>
              <pre dir="ltr">
                {[
                  `DTSTART: ${d.input.dtstart}`,
                  `DURATION: ${d.input.duration_minutes} min`,
                  d.input.rrule ? `RRULE: ${d.input.rrule}` : null,
                  d.input.exdates.length ? `EXDATE: ${d.input.exdates.join(', ')}` : null,
                ]
                  .filter(Boolean)
                  .join('\n')}
              </pre>
              <button
                type="button"
                className="admin-btn"
                onClick={() => set(i, newBuilder(d.input.dtstart.slice(0, 10) || today))}
              >
                {t('schedule.replaceRaw')}
              </button>
            </div>
          ) : (
            <BuilderRow s={d} onChange={(s) => set(i, s)} t={t} lang={lang} timeZone={timeZone} />
          )}
          {drafts.length > 1 && (
            <button
              type="button"
              className="admin-btn"
              onClick={() => onChange(drafts.filter((_, j) => j !== i))}
            >
              {t('editor.removeSchedule')}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="admin-btn" onClick={() => onChange([...drafts, newBuilder(today)])}>
        + {t('editor.addSchedule')}
      </button>
      <p className="muted">{t('schedule.timeZone', { zone: timeZone })}</p>
      <NextDates drafts={drafts} timeZone={timeZone} />
    </div>
  );
}

function BuilderRow({
  s,
  onChange,
  t,
  lang,
  timeZone,
}: {
  s: BuilderState;
  onChange: (s: BuilderState) => void;
  t: ContentT;
  lang: string;
  /** the town's zone: with the language, it says which clock the times are read with */
  timeZone: string;
}) {
  const id = useId();
  const up = (patch: Partial<BuilderState>) => onChange({ ...s, ...patch });
  const problems = problemsOf(s);
  const unit = s.repeat === 'daily' ? 'days' : s.repeat === 'weekly' ? 'weeks' : 'months';
  return (
    <div className="builder">
      <p className="sentence">
        <label htmlFor={`${id}-repeat`} className="sr-only">
          {t('schedule.repeat')}
        </label>
        <select
          id={`${id}-repeat`}
          value={s.repeat}
          onChange={(e) => up({ repeat: e.currentTarget.value as Repeat })}
        >
          {REPEATS.map((r) => (
            <option key={r} value={r}>
              {t(`schedule.${r}`)}
            </option>
          ))}
        </select>
        {s.repeat !== 'once' && (
          <span className="chunk">
            <span aria-hidden="true">{t('schedule.every')}</span>
            <input
              type="number"
              min={1}
              max={99}
              className="narrow"
              aria-label={t('schedule.interval')}
              value={s.interval}
              onChange={(e) => up({ interval: Math.trunc(Number(e.currentTarget.value)) })}
            />
            <span aria-hidden="true">{t(`schedule.${unit}`, { count: s.interval })}</span>
          </span>
        )}
        {s.repeat === 'monthly' && (
          <span className="chunk">
            <span aria-hidden="true">{t('schedule.on')}</span>
            <select
              aria-label={t('schedule.nth')}
              value={String(s.nth)}
              onChange={(e) => up({ nth: Number(e.currentTarget.value) as Nth })}
            >
              {NTHS.map((n) => (
                <option key={n} value={String(n)}>
                  {t(`schedule.nthValue.${n}`)}
                </option>
              ))}
            </select>
            <select
              aria-label={t('schedule.monthWeekday')}
              value={s.monthWeekday}
              onChange={(e) => up({ monthWeekday: e.currentTarget.value as Weekday })}
            >
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {weekdayName(d, lang)}
                </option>
              ))}
            </select>
          </span>
        )}
      </p>
      {s.repeat === 'weekly' && (
        <fieldset className="weekdays">
          <legend>{t('schedule.weekdays')}</legend>
          {WEEKDAYS.map((d) => (
            <label key={d} className="day">
              <input
                type="checkbox"
                checked={s.weekdays.includes(d)}
                aria-label={weekdayName(d, lang)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  up({ weekdays: on ? [...s.weekdays, d] : s.weekdays.filter((x) => x !== d) });
                }}
              />
              <span aria-hidden="true">{weekdayName(d, lang, 'short')}</span>
            </label>
          ))}
        </fieldset>
      )}
      <p className="sentence">
        <span className="chunk">
          <span aria-hidden="true">{t('schedule.fromTime')}</span>
          <input
            type="time"
            aria-label={t('schedule.startTime')}
            value={s.start}
            onChange={(e) => up({ start: e.currentTarget.value })}
          />
        </span>
        <span className="chunk">
          <span aria-hidden="true">{t('schedule.toTime')}</span>
          <input
            type="time"
            aria-label={t('schedule.endTime')}
            value={s.end}
            onChange={(e) => up({ end: e.currentTarget.value })}
          />
        </span>
      </p>
      <p className="sentence">
        <span className="chunk">
          <span aria-hidden="true">
            {s.repeat === 'once' ? t('schedule.onDate') : t('schedule.fromDate')}
          </span>
          <input
            type="date"
            aria-label={t('schedule.firstDate')}
            value={s.from}
            onChange={(e) => up({ from: e.currentTarget.value })}
          />
        </span>
        {s.repeat !== 'once' && (
          <span className="chunk">
            <span aria-hidden="true">{t('schedule.untilDate')}</span>
            <input
              type="date"
              aria-label={t('schedule.lastDate')}
              value={s.until ?? ''}
              min={s.from}
              onChange={(e) => up({ until: e.currentTarget.value || null })}
            />
            {s.until === null && <span className="muted">({t('schedule.noEnd')})</span>}
          </span>
        )}
      </p>
      {s.repeat !== 'once' && (
        <div className="exceptions">
          <span>{t('schedule.exceptions')}</span>
          <ul>
            {s.exceptions.map((x, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an exception being edited has no other identity
              <li key={k}>
                <input
                  type="date"
                  aria-label={t('schedule.exception')}
                  value={x}
                  onChange={(e) =>
                    up({ exceptions: s.exceptions.map((y, j) => (j === k ? e.currentTarget.value : y)) })
                  }
                />
                <button
                  type="button"
                  className="admin-btn icon"
                  aria-label={t('schedule.removeException', { date: x })}
                  onClick={() => up({ exceptions: s.exceptions.filter((_, j) => j !== k) })}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="admin-btn"
            onClick={() => up({ exceptions: [...s.exceptions, addDays(s.exceptions.at(-1) ?? s.from, 7)] })}
          >
            + {t('schedule.addException')}
          </button>
        </div>
      )}
      {problems.length ? (
        <ul className="problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{t(`schedule.problem.${p}`)}</li>
          ))}
        </ul>
      ) : (
        <p className="in-words">
          <strong>{t('schedule.summary')}:</strong> {describeSchedule(s, t, lang, timeZone)}
        </p>
      )}
    </div>
  );
}

/** the next dates of all the schedules, from the server, in the town's zone and the page's language */
function NextDates({ drafts, timeZone }: { drafts: ScheduleDraft[]; timeZone: string }) {
  const { t, lang } = useContentText();
  const [dates, setDates] = useState<Occ[] | null>(null);
  const [state, setState] = useState<'idle' | 'checking' | 'error'>('idle');
  const [error, setError] = useState('');
  const seq = useRef(0);
  const valid = drafts.every((d) => d.kind === 'raw' || problemsOf(d).length === 0);
  const body = valid ? JSON.stringify(drafts.map(toInput)) : null;

  useEffect(() => {
    if (body === null) return;
    const mine = ++seq.current;
    const ctl = new AbortController();
    setState('checking');
    const timer = setTimeout(() => {
      contentApi
        .schedulePreview(JSON.parse(body), ctl.signal, 5)
        .then((r) => {
          if (mine !== seq.current) return; // an answer to an older edit
          setDates(r.dates);
          setState('idle');
        })
        .catch((e: unknown) => {
          if (mine !== seq.current || ctl.signal.aborted) return;
          setError(e instanceof ContentError ? e.message : String(e));
          setState('error');
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [body]);

  return (
    <section className="next-dates" aria-labelledby="next-dates-h">
      <h4 id="next-dates-h">{t('schedule.nextDates')}</h4>
      <div aria-live="polite" aria-busy={state === 'checking'} data-state={state}>
        {state === 'error' ? (
          <p className="notice error">{t('schedule.previewFailed', { error })}</p>
        ) : dates === null ? (
          <p className="muted">{t('schedule.checking')}</p>
        ) : dates.length === 0 ? (
          <p>{t('schedule.noNextDates')}</p>
        ) : (
          <ol className="next-dates-list">
            {dates.map((d) => (
              <li key={d.start}>
                <Occurrence start={d.start} end={d.end} timeZone={timeZone} lang={lang} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
