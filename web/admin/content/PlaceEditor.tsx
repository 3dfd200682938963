/**
 * A place's editor: its name (and the name in each language of the town, side by side, each in
 * its own direction), kind, address, where it is (map, address search or coordinates; a
 * footprint drawn elsewhere is kept), opening hours, access, contact, organisation; its status
 * and history.
 */
import { appUrl } from '../../state/tenant.ts';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { autonym, languageName } from '../../i18n/index.ts';
import { type ContentContext, link, navigate, useFocusWhenReady } from './nav.ts';
import { ContentError, contentApi } from './contentApi.ts';
import { History } from './History.tsx';
import { useContentText } from './i18n.ts';
import { LocationPicker } from './LocationPicker.tsx';
import { Workflow } from './Workflow.tsx';
import type { Lang, PlaceInput, PlaceRecord } from './types.ts';

export const PLACE_KINDS = [
  'park',
  'community_garden',
  'community_centre',
  'library',
  'playground',
  'coworking',
  'organisation_site',
] as const;
const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi']);

let flash: string | null = null;

const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && v !== null)) as T;

function inputOf(f: PlaceInput): PlaceInput {
  return {
    ...f,
    name: f.name.trim(),
    names: Object.fromEntries(
      Object.entries(f.names).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    ),
    address: f.address?.trim() ? f.address.trim() : null,
    opening_hours: f.opening_hours?.trim() ? f.opening_hours.trim() : null,
    accessibility: compact(f.accessibility),
    contact: compact(f.contact),
    // a point replaces a footprint; without a point the footprint stays
    geometry: f.location ? null : f.geometry,
  };
}

function formOf(r: PlaceRecord): PlaceInput {
  return {
    kind: r.kind,
    name: r.name,
    names: { ...r.names },
    address: r.address,
    location: r.location,
    geometry: r.geometry,
    opening_hours: r.opening_hours,
    accessibility: { ...r.accessibility },
    contact: { ...r.contact },
    organisation_id: r.organisation_id,
  };
}

export function PlaceEditor({ id, ctx }: { id: string | null; ctx: ContentContext }) {
  const { t, lang } = useContentText();
  const uid = useId();
  const blank: PlaceInput = {
    kind: 'community_centre',
    name: '',
    names: {},
    address: null,
    location: null,
    geometry: null,
    opening_hours: null,
    accessibility: {},
    contact: {},
    organisation_id: ctx.editorOnly ? (ctx.organisations[0]?.id ?? null) : null,
  };
  const [record, setRecord] = useState<PlaceRecord | null>(null);
  const [form, setForm] = useState<PlaceInput | null>(id ? null : blank);
  const [saved, setSaved] = useState(() => (id ? '' : JSON.stringify(inputOf(blank))));
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error' | 'stale'; text: string } | null>(() => {
    const f = flash;
    flash = null;
    return f ? { kind: 'ok', text: f } : null;
  });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const locales = ctx.config.locales as Lang[];

  const headingRef = useFocusWhenReady(form !== null);
  const load = useCallback(
    async (signal?: AbortSignal) => {
      if (!id) return;
      const r = await contentApi.place(id, signal);
      setRecord(r);
      setForm(formOf(r));
      setSaved(JSON.stringify(inputOf(formOf(r))));
    },
    [id],
  );
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal).catch((e: unknown) => {
      if (ctl.signal.aborted) return;
      setLoadError(
        e instanceof ContentError && e.status === 404
          ? t('editor.notFound')
          : t('problem', { error: String(e) }),
      );
    });
    return () => ctl.abort();
  }, [load, t]);

  if (loadError)
    return (
      <section className="editor">
        <h2 id="content-view-heading" tabIndex={-1}>
          {t('editor.newPlace')}
        </h2>
        <p role="alert" className="notice error">
          {loadError}
        </p>
        <a href={appUrl('/admin/content/places')} onClick={link('/admin/content/places')}>
          {t('editor.back')}
        </a>
      </section>
    );
  if (!form) return <p aria-busy="true">{t('loading')}</p>;
  const up = (patch: Partial<PlaceInput>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const input = inputOf(form);
  const dirty = JSON.stringify(input) !== saved;

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!input.name) return setNotice({ kind: 'error', text: t('editor.needName') });
    setBusy(true);
    try {
      if (!record) {
        const r = await contentApi.createPlace(input);
        flash = t('editor.created');
        navigate(`/admin/content/places/${encodeURIComponent(r.id)}`);
        return;
      }
      const r = await contentApi.updatePlace(record.id, input, record.updated_at);
      setRecord(r);
      setForm(formOf(r));
      setSaved(JSON.stringify(inputOf(formOf(r))));
      setHistoryKey((k) => k + 1);
      setNotice({ kind: 'ok', text: t('editor.saved') });
    } catch (err) {
      if (err instanceof ContentError && err.status === 409 && err.code === 'stale')
        setNotice({ kind: 'stale', text: t('editor.stale', { time: '…' }) });
      else setNotice({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="editor" aria-labelledby="content-view-heading">
      <p>
        <a href={appUrl('/admin/content/places')} onClick={link('/admin/content/places')}>
          ← {t('editor.back')}
        </a>
      </p>
      <h2 id="content-view-heading" tabIndex={-1} ref={headingRef}>
        <bdi>{record ? record.name : t('editor.newPlace')}</bdi>
      </h2>
      {record && record.source !== 'admin' && (
        <p className="notice">{t('editor.source', { source: record.source })}</p>
      )}
      <div aria-live="polite">
        {notice && (
          <div
            role={notice.kind === 'ok' ? 'status' : 'alert'}
            className={`notice ${notice.kind === 'ok' ? 'ok' : 'error'}`}
          >
            <p>{notice.text}</p>
            {notice.kind === 'stale' && (
              <button
                type="button"
                className="admin-btn"
                onClick={() => {
                  setNotice(null);
                  void load().then(() => setHistoryKey((k) => k + 1));
                }}
              >
                {t('editor.reload')}
              </button>
            )}
          </div>
        )}
      </div>
      <form onSubmit={onSave} className="content-form" noValidate>
        <fieldset className="texts">
          <legend>{t('editor.name')}</legend>
          <div className="field">
            <label htmlFor={`${uid}-name`}>{t('editor.name')}</label>
            <input
              id={`${uid}-name`}
              value={form.name}
              onChange={(e) => up({ name: e.currentTarget.value })}
            />
          </div>
          <div className="lang-columns">
            {locales.map((l) => (
              <div key={l} className="lang-column">
                <label htmlFor={`${uid}-${l}-name`}>
                  {t('editor.name')} ({languageName(l, lang)}) <span className="muted">{autonym(l)}</span>
                </label>
                <input
                  id={`${uid}-${l}-name`}
                  lang={l}
                  dir={RTL.has(l) ? 'rtl' : 'ltr'}
                  value={form.names[l] ?? ''}
                  onChange={(e) => up({ names: { ...form.names, [l]: e.currentTarget.value } })}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('editor.what')}</legend>
          <div className="field">
            <label htmlFor={`${uid}-kind`}>{t('editor.placeKind')}</label>
            <select
              id={`${uid}-kind`}
              value={form.kind}
              onChange={(e) => up({ kind: e.currentTarget.value })}
            >
              {PLACE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`placeKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-oh`}>{t('editor.openingHours')}</label>
            <input
              id={`${uid}-oh`}
              dir="ltr"
              value={form.opening_hours ?? ''}
              aria-describedby={`${uid}-oh-help`}
              onChange={(e) => up({ opening_hours: e.currentTarget.value })}
            />
            <p className="muted" id={`${uid}-oh-help`}>
              {t('editor.openingHoursHelp')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-wheel`}>{t('editor.wheelchair')}</label>
            <select
              id={`${uid}-wheel`}
              value={form.accessibility.wheelchair ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value as 'yes' | 'limited' | 'no' | '';
                const { wheelchair: _drop, ...rest } = form.accessibility;
                up({ accessibility: v ? { ...rest, wheelchair: v } : rest });
              }}
            >
              <option value="">{t('editor.wheelchairUnknown')}</option>
              {(['yes', 'limited', 'no'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`editor.wheelchairValue.${v}`)}
                </option>
              ))}
            </select>
          </div>
          {(['phone', 'email', 'website'] as const).map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`${uid}-c-${k}`}>{t(`editor.${k}`)}</label>
              <input
                id={`${uid}-c-${k}`}
                dir="ltr"
                value={form.contact[k] ?? ''}
                onChange={(e) => up({ contact: { ...form.contact, [k]: e.currentTarget.value } })}
              />
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${uid}-org`}>{t('editor.organisation')}</label>
            <select
              id={`${uid}-org`}
              value={form.organisation_id ?? ''}
              onChange={(e) => up({ organisation_id: e.currentTarget.value || null })}
            >
              {!ctx.editorOnly && <option value="">{t('editor.noOrganisation')}</option>}
              {ctx.organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('editor.where')}</legend>
          <div className="field">
            <label htmlFor={`${uid}-addr`}>{t('editor.address')}</label>
            <input
              id={`${uid}-addr`}
              value={form.address ?? ''}
              onChange={(e) => up({ address: e.currentTarget.value })}
            />
          </div>
          <LocationPicker value={form.location} onChange={(p) => up({ location: p })} config={ctx.config} />
        </fieldset>
        <div className="save-bar">
          <button type="submit" className="admin-btn primary" disabled={busy}>
            {busy ? t('editor.saving') : record ? t('editor.save') : t('editor.create')}
          </button>
        </div>
      </form>
      {record && (
        <>
          <Workflow
            status={record.status}
            dirty={dirty}
            onChange={async (status) => {
              const r = await contentApi.setPlaceStatus(record.id, status, record.updated_at);
              setRecord(r);
              setHistoryKey((k) => k + 1);
              return r.status;
            }}
            onStale={() => void load().then(() => setHistoryKey((k) => k + 1))}
          />
          <History key={historyKey} kind="places" id={record.id} timeZone={ctx.config.timezone} />
        </>
      )}
    </section>
  );
}
