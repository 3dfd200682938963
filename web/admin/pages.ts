/**
 * The back office's pages: one entry each. The shell (shell/AdminShell.tsx) draws the navigation
 * from this list (only the pages the signed-in person's roles may open), checks the sign-in and
 * the role, and renders the page's component with the signed-in person (`me`). A page's own
 * requests go through `adminFetch` (auth/authApi.ts), which sends the session's CSRF token.
 *
 * To add a page: write its component (props: AdminPageProps) in a folder of its own under
 * web/admin/, add one entry here, add its `nav.<key>` label to the six admin-auth locales, and its
 * path to server/http/app-routes.ts if it is not under /admin already (it is).
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Role } from '../../server/db/schema.ts';
import type { Me } from './auth/authApi.ts';

export interface AdminPageProps {
  me: Me;
}

export interface AdminPage {
  /** the page's path; sub-paths (/admin/content/…) belong to it too */
  path: string;
  /** its label: `nav.<key>` in the admin-auth namespace */
  key: string;
  /** the roles (in the session's tenant) that may open it; operators open every page */
  roles: readonly Role[];
  page: LazyExoticComponent<ComponentType<AdminPageProps>>;
}

export const ADMIN_PAGES: readonly AdminPage[] = [
  {
    path: '/admin/content',
    key: 'content',
    roles: ['admin', 'editor'],
    page: lazy(() => import('./content/ContentPage.tsx').then((m) => ({ default: m.ContentPage }))),
  },
  {
    path: '/admin/review',
    key: 'review',
    roles: ['admin', 'moderator'],
    page: lazy(() => import('./review/ReviewPage.tsx').then((m) => ({ default: m.ReviewPage }))),
  },
  {
    path: '/admin/organisations',
    key: 'organisations',
    roles: ['admin'],
    page: lazy(() => import('./organisations/OrganisationsPage.tsx').then((m) => ({ default: m.OrganisationsPage }))),
  },
  {
    path: '/admin/users',
    key: 'users',
    roles: ['admin'],
    page: lazy(() => import('./users/UsersPage.tsx').then((m) => ({ default: m.UsersPage }))),
  },
  {
    path: '/admin/kiosks',
    key: 'kiosks',
    roles: ['admin'],
    page: lazy(() => import('./KioskAdmin.tsx').then((m) => ({ default: m.KioskAdmin }))),
  },
  {
    path: '/admin/imports',
    key: 'imports',
    roles: ['admin'],
    page: lazy(() => import('./imports/ImportsPage.tsx').then((m) => ({ default: m.ImportsPage }))),
  },
  {
    path: '/admin/settings',
    key: 'settings',
    roles: ['admin'],
    page: lazy(() => import('./settings/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage }))),
  },
  {
    path: '/admin/audit',
    key: 'audit',
    roles: ['admin'],
    page: lazy(() => import('./audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage }))),
  },
  {
    path: '/admin/participation',
    key: 'participation',
    roles: ['admin', 'planner'],
    page: lazy(() =>
      import('./participation/ParticipationPage.tsx').then((m) => ({ default: m.ParticipationPage })),
    ),
  },
  {
    path: '/admin/calls',
    key: 'calls',
    roles: ['admin'],
    page: lazy(() => import('../calls/CallsAdmin.tsx').then((m) => ({ default: m.CallsAdmin }))),
  },
  {
    path: '/admin/emergency',
    key: 'emergency',
    roles: ['admin'],
    page: lazy(() => import('./emergency/EmergencyAdmin.tsx').then((m) => ({ default: m.EmergencyAdmin }))),
  },
  {
    path: '/admin/surveys',
    key: 'surveys',
    roles: ['admin'],
    page: lazy(() => import('./surveys/SurveysPage.tsx').then((m) => ({ default: m.SurveysPage }))),
  },
  {
    path: '/admin/moderation',
    key: 'moderation',
    roles: ['admin', 'moderator'],
    page: lazy(() => import('../connectors/ModerationPage.tsx').then((m) => ({ default: m.ModerationPage }))),
  },
  {
    path: '/admin/my-area',
    key: 'myArea',
    roles: ['block_connector'],
    page: lazy(() => import('../connectors/MyAreaPage.tsx').then((m) => ({ default: m.MyAreaPage }))),
  },
  {
    path: '/admin/connectors',
    key: 'connectors',
    roles: ['admin'],
    page: lazy(() => import('../connectors/ApplicationsPage.tsx').then((m) => ({ default: m.ApplicationsPage }))),
  },
];

/** the page a path belongs to (its own path or a sub-path of it) */
export function pageOf(path: string): AdminPage | undefined {
  const p = path.replace(/\/+$/, '');
  return ADMIN_PAGES.find((page) => p === page.path || p.startsWith(`${page.path}/`));
}

/** the roles the signed-in person holds in the session's tenant */
export function rolesHere(me: Me): Role[] {
  return me.memberships.filter((m) => m.tenant === me.tenant).map((m) => m.role);
}

export function mayOpen(me: Me, page: AdminPage): boolean {
  if (me.account?.operator || me.via === 'admin_token') return true;
  const held = rolesHere(me);
  return page.roles.some((r) => held.includes(r));
}
