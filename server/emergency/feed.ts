/** The emergency entry of the Atom feed (server/feeds/atom.ts): the public state, in words. */
import type { AtomEmergency } from '../feeds/atom.ts';
import type { AppDeps } from '../http/deps.ts';
import type { Tenant } from '../tenants/queries.ts';
import { publicState } from './routes.ts';
import { emergencyTexts } from './texts.ts';

export async function emergencyOfFeed(
  deps: Pick<AppDeps, 'db'>,
  tenant: Tenant,
  lang: string,
): Promise<AtomEmergency | undefined> {
  const s = await publicState(deps, tenant, lang);
  if (!s.active || !s.since) return undefined;
  const t = emergencyTexts(lang);
  return {
    title: t.feedTitle,
    message: s.message ?? '',
    messageLang: s.message_lang,
    since: new Date(s.since),
    areas: `${t.areas}: ${s.areas.length ? s.areas.map((a) => a.name).join(', ') : t.wholeTown}`,
    places: s.places.map(
      (p) =>
        `${t.roles[p.role]}: ${p.name}${p.address ? `, ${p.address}` : ''}${p.note ? ` — ${p.note}` : ''}`,
    ),
  };
}
