/**
 * "As residents will see it": the resident map's own details panel (web/panels/Details.tsx), fed
 * by GET /api/admin/opportunities/{id}/preview?lang= (the public detail of the row whatever its
 * status), in the page's language.
 */
import { useCallback, useMemo } from 'react';
import type { FeatureProps, OpportunityDetail } from '../../api.ts';
import { Details } from '../../panels/Details.tsx';
import { absoluteUrl } from '../../state/tenant.ts';
import { contentApi } from './contentApi.ts';
import { useContentText } from './i18n.ts';

export function Preview({
  id,
  kind,
  name,
  updatedAt,
  timeZone,
  onClose,
  loadPreview = contentApi.preview,
}: {
  id: string;
  kind: string;
  name: string;
  /** a new version reloads the preview */
  updatedAt: string;
  timeZone: string;
  onClose: () => void;
  /** where the public detail comes from (default: the editors' preview; the review page: its own) */
  loadPreview?: (id: string, lang: string, signal: AbortSignal) => Promise<OpportunityDetail>;
}) {
  const { lang } = useContentText();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version (updatedAt) is a new feature to show
  const feature = useMemo<FeatureProps>(() => ({ id, name, layer: 'programs', kind }), [id, kind, updatedAt]);
  const load = useCallback(
    (pid: string, signal: AbortSignal) => loadPreview(pid, lang, signal),
    [lang, loadPreview],
  );
  return (
    <div className="preview-frame" data-testid="content-preview">
      <Details
        feature={feature}
        timeZone={timeZone}
        point={null}
        shareUrl={absoluteUrl(`/?item=programs:${id}`)}
        onClose={onClose}
        onOpen={() => {}}
        loadOpportunity={load}
      />
    </div>
  );
}
