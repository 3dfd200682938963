/**
 * Participation on the resident map: the entry points ("Propose something", "Something is
 * missing here" at the map's centre), the "Resident initiative" mark, the join link of a resident
 * initiative (a private group's only on request: "Show the join link"), the support button with
 * its e-mail dialog, and the details of a need pinned by residents.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.ts';
import { UI_LANGUAGES } from '../i18n/index.ts';
import { SafeLink } from '../SafeLink.tsx';
import { appUrl } from '../state/tenant.ts';
import { audienceLabel } from '../taxonomy.ts';
import { type NeedDetail, participate } from './api.ts';
import { useParticipateText } from './i18n.ts';
import { EmailFields, Honeypot } from './ui.tsx';
import { emailProblem, type Problem } from './validate.ts';
// the map's panel shows the support button, the dialog and the marks with the pages' own styles
import './participate.css';

export function ParticipateEntry({ centre }: { centre: [number, number] | null }) {
  const { t, lang } = useParticipateText();
  const langQ = `lang=${lang}`;
  const near = centre ? `&near=${centre[0].toFixed(5)},${centre[1].toFixed(5)}` : '';
  return (
    <section className="p-entry" aria-labelledby="p-entry-title">
      <h2 id="p-entry-title">{t('entry.title')}</h2>
      <p>{t('entry.intro')}</p>
      <p className="p-buttons">
        <a className="p-button-link" href={appUrl(`/propose?${langQ}`)}>
          {t('entry.propose')}
        </a>
        <a className="p-secondary" href={appUrl(`/need?${langQ}${near}`)}>
          {t('entry.need')}
        </a>
      </p>
    </section>
  );
}

export function ResidentMark() {
  const { t } = useParticipateText();
  return <span className="p-mark">{t('mark.residentInitiative')}</span>;
}

const platformName = (t: ReturnType<typeof useParticipateText>['t'], p: string) => t(`platform.${p}`, { defaultValue: p });

export function JoinLink({ opportunityId, join }: { opportunityId: string; join: { platform: string; private: boolean; url?: string } }) {
  const { t } = useParticipateText();
  const [url, setUrl] = useState<string | null>(join.url ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // the link, once asked for, takes the focus: the button it replaces is gone
  useEffect(() => {
    if (url && !join.url) box.current?.querySelector('a')?.focus();
  }, [url, join.url]);
  return (
    <div className="p-join" ref={box}>
      {url ? (
        <SafeLink url={url} external>
          {t('joinLink.join', { platform: platformName(t, join.platform) })}
        </SafeLink>
      ) : (
        <>
          <p className="p-help">{t('joinLink.private')}</p>
          <button
            type="button"
            className="p-secondary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              const r = await participate.joinLink(opportunityId);
              setBusy(false);
              if (r.ok) setUrl(r.body.url);
              else setError(t('joinLink.failed', { message: r.problem.message }));
            }}
          >
            {t('joinLink.show')}
          </button>
        </>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** the published proposal an opportunity was made from: given by the detail, else found in the proposals layer at its point */
export function useProposalOf(d: { id: string; lon: number | null; lat: number | null; proposal_id?: string; supports?: number }, on: boolean) {
  const [found, setFound] = useState<{ id: string; supports: number } | null>(d.proposal_id ? { id: d.proposal_id, supports: d.supports ?? 0 } : null);
  useEffect(() => {
    if (!on || d.proposal_id || d.lon === null || d.lat === null) return;
    const ctl = new AbortController();
    const e = 0.0005;
    fetchProposals([d.lon - e, d.lat - e, d.lon + e, d.lat + e], ctl.signal).then(
      (fs) => {
        const f = fs.find((x) => x.opportunity_id === d.id);
        setFound(f ? { id: f.id, supports: f.supports } : null);
      },
      () => {},
    );
    return () => ctl.abort();
  }, [on, d.id, d.lon, d.lat, d.proposal_id]);
  return found;
}

async function fetchProposals(bbox: number[] | null, signal: AbortSignal): Promise<{ id: string; opportunity_id: string | null; supports: number }[]> {
  const fc = (await api.layer('proposals' as 'parks', bbox as [number, number, number, number] | null, signal)) as unknown as {
    features: { properties: { id: string; opportunity_id?: string | null; supports?: number } }[];
  };
  return fc.features.map((f) => ({ id: f.properties.id, opportunity_id: f.properties.opportunity_id ?? null, supports: f.properties.supports ?? 0 }));
}

export function SupportButton({ targetType, targetId, name, count, askResidence }: { targetType: 'proposal' | 'need'; targetId: string; name: string; count: number; askResidence?: boolean }) {
  const { t, lang } = useParticipateText();
  const id = useId().replace(/:/g, '');
  const form = `support-${id}`;
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<string>((UI_LANGUAGES as readonly string[]).includes(lang) ? lang : 'en');
  const [lives, setLives] = useState(false);
  const [website, setWebsite] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'sent'; email: string } | { kind: 'error'; text: string }>({ kind: 'idle' });

  const openDialog = () => {
    setState({ kind: 'idle' });
    setProblem(undefined);
    dialog.current?.showModal();
  };
  const close = () => {
    dialog.current?.close();
    opener.current?.focus();
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    const p = emailProblem(email);
    setProblem(p ?? undefined);
    if (p) {
      document.getElementById(`${form}-email`)?.focus();
      return;
    }
    setState({ kind: 'sending' });
    const r = await participate.support({
      target_type: targetType,
      target_id: targetId,
      email: email.trim(),
      language,
      ...(askResidence ? { lives_in_area: lives } : {}),
      website,
    });
    if (r.ok) setState({ kind: 'sent', email: email.trim() });
    else if (r.problem.status === 409) setState({ kind: 'error', text: t('support.already') });
    else if (r.problem.status === 0) setState({ kind: 'error', text: t('form.networkError') });
    else if (r.problem.status === 503) setState({ kind: 'error', text: t('form.mailOff') });
    else if (r.problem.status === 403) setState({ kind: 'error', text: t('form.blocked') });
    else if (r.problem.status === 429) setState({ kind: 'error', text: t('form.rateLimited', { message: r.problem.message }) });
    else setState({ kind: 'error', text: t('form.serverError', { message: r.problem.message }) });
  }
  return (
    <div className="p-support">
      <span className="p-support-count">{t('support.count', { count })}</span>
      <button ref={opener} type="button" className="p-primary" onClick={openDialog} aria-haspopup="dialog">
        {t('support.button')}
      </button>
      <dialog ref={dialog} className="p-dialog" aria-labelledby={`${form}-title`} onClose={() => opener.current?.focus()}>
        <h2 id={`${form}-title`}>{t('support.dialogTitle', { name: `\u2068${name}\u2069` })}</h2>
        {state.kind === 'sent' ? (
          <>
            <p role="status">{t('support.sent', { email: `\u2068${state.email}\u2069` })}</p>
            <p className="p-buttons">
              <button type="button" className="p-secondary" onClick={close}>
                {t('support.close')}
              </button>
            </p>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            <p className="p-help">{t('support.intro')}</p>
            <EmailFields form={form} email={email} mailLanguage={language} problem={problem} onEmail={setEmail} onMailLanguage={setLanguage} />
            {askResidence && (
              <label className="p-check">
                <input type="checkbox" checked={lives} onChange={(e) => setLives(e.currentTarget.checked)} />
                {t('support.livesInArea')}
              </label>
            )}
            <Honeypot form={form} value={website} onChange={setWebsite} />
            <div role="alert">{state.kind === 'error' ? <p className="p-field-error">{state.text}</p> : null}</div>
            <p className="p-buttons">
              <button type="submit" className="p-primary" disabled={state.kind === 'sending'}>
                {state.kind === 'sending' ? t('form.sending') : t('support.submit')}
              </button>
              <button type="button" className="p-secondary" onClick={close}>
                {t('support.cancel')}
              </button>
            </p>
          </form>
        )}
      </dialog>
    </div>
  );
}

/** a published need's details (GET /api/needs/{id}): its text, who misses it, where, its supports */
export function NeedBody({ id, name, onText }: { id: string; name: string; onText?: (text: string) => void }) {
  const { t, lang } = useParticipateText();
  const [d, setD] = useState<NeedDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    participate.needDetail(id, lang, ctl.signal).then(
      (r) => {
        if (!r.ok) return setError(r.problem.message);
        setD(r.body);
        onText?.(r.body.text);
      },
      () => {},
    );
    return () => ctl.abort();
  }, [id, lang, onText]);
  if (error) return <p role="alert">{error}</p>;
  if (!d) return <p aria-busy="true">…</p>;
  const area = d.area?.name ?? d.area_name ?? null;
  return (
    <>
      <dl className="facts">
        {/* the heading is the text already, unless it was shortened */}
        {d.text !== name && (
          <>
            <dt className="sr-only">{t('needDetail.kind')}</dt>
            <dd className="description" lang={d.language}>
              {d.text}
            </dd>
          </>
        )}
        {d.audiences.length > 0 && (
          <>
            <dt>{t('needDetail.forWhom')}</dt>
            <dd>{d.audiences.map((a) => audienceLabel(a, lang)).join(', ')}</dd>
          </>
        )}
        {area && (
          <>
            <dt>{t('needDetail.area')}</dt>
            <dd>
              <bdi>{area}</bdi>
            </dd>
          </>
        )}
      </dl>
      <p className="p-help">{t('needDetail.coarse')}</p>
      <SupportButton targetType="need" targetId={d.id} name={d.text.length > 60 ? `${d.text.slice(0, 59)}…` : d.text} count={d.supports} />
    </>
  );
}
