/**
 * The status of an item: draft → pending → published → archived, with buttons that say what they
 * do. A refused publication lists its reasons; a stale version (someone changed it meanwhile) is
 * explained with an offer to reload.
 */
import { useState } from 'react';
import { ContentError } from './contentApi.ts';
import { useContentText } from './i18n.ts';
import type { Status } from './types.ts';

const GLYPH: Record<Status, string> = { draft: '✎', pending: '⧗', published: '✓', archived: '▣' };

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useContentText();
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true" className="status-glyph">
        {GLYPH[status]}
      </span>{' '}
      {t(`status.${status}`)}
    </span>
  );
}

const NEXT: Record<Status, { to: Status; label: string }[]> = {
  draft: [
    { to: 'pending', label: 'workflow.toPending' },
    { to: 'published', label: 'workflow.toPublished' },
    { to: 'archived', label: 'workflow.toArchived' },
  ],
  pending: [
    { to: 'published', label: 'workflow.toPublished' },
    { to: 'draft', label: 'workflow.toDraft' },
    { to: 'archived', label: 'workflow.toArchived' },
  ],
  published: [
    { to: 'draft', label: 'workflow.toDraft' },
    { to: 'archived', label: 'workflow.toArchived' },
  ],
  archived: [{ to: 'draft', label: 'workflow.restore' }],
};

/** the reasons of a refused publication: `details.missing` = [{field, message}] */
function reasonsOf(details: unknown): { field: string; message: string }[] {
  const missing = (details as { missing?: unknown } | null)?.missing;
  if (!Array.isArray(missing)) return [];
  return missing.map((m: { field?: unknown; message?: unknown }) => ({
    field: String(m.field ?? ''),
    message: String(m.message ?? ''),
  }));
}

export function Workflow({
  status,
  dirty,
  onChange,
  onStale,
}: {
  status: Status;
  dirty: boolean;
  onChange: (s: Status) => Promise<Status>;
  onStale: () => void;
}) {
  const { t } = useContentText();
  const [notice, setNotice] = useState<{
    kind: 'ok' | 'error' | 'stale';
    text: string;
    items?: string[];
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (to: Status) => {
    setBusy(true);
    try {
      const now = await onChange(to);
      setNotice({ kind: 'ok', text: t('workflow.changed', { status: t(`status.${now}`) }) });
    } catch (e) {
      if (e instanceof ContentError && e.code === 'not_publishable') {
        const reasons = reasonsOf(e.details);
        setNotice({
          kind: 'error',
          text: t('workflow.refused'),
          items: reasons.length
            ? reasons.map((r) =>
                t(`workflow.reason.${r.field}`, { defaultValue: `${r.field}: ${r.message}` }),
              )
            : [e.message],
        });
      } else if (e instanceof ContentError && e.code === 'stale') {
        setNotice({ kind: 'stale', text: t('editor.stale', { time: '…' }) });
      } else setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="workflow" aria-labelledby="workflow-h">
      <h3 id="workflow-h">{t('workflow.heading')}</h3>
      <p>
        <StatusBadge status={status} />
      </p>
      {dirty && <p className="notice">{t('workflow.saveFirst')}</p>}
      <div className="workflow-buttons">
        {NEXT[status].map((n) => (
          <button
            key={n.to}
            type="button"
            className={`admin-btn${n.to === 'published' ? ' primary' : ''}`}
            disabled={busy || dirty}
            onClick={() => void go(n.to)}
          >
            {t(n.label)}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {notice && (
          <div
            role={notice.kind === 'ok' ? 'status' : 'alert'}
            className={`notice ${notice.kind === 'ok' ? 'ok' : 'error'}`}
          >
            <p>{notice.text}</p>
            {notice.items && (
              <ul>
                {notice.items.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            )}
            {notice.kind === 'stale' && (
              <button
                type="button"
                className="admin-btn"
                onClick={() => {
                  setNotice(null);
                  onStale();
                }}
              >
                {t('editor.reload')}
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
