/** The funding calls' API as the pages call it (server/calls/routes.ts). */
export type Phase = 'draft' | 'upcoming' | 'submissions' | 'supports' | 'counting' | 'decided' | 'archived';

export interface AreaRef {
  id: string;
  name: string;
  kind: string;
}

export interface Windows {
  submissions_open: string;
  submissions_close: string;
  supports_open: string;
  supports_close: string;
}

export interface RankedItem {
  proposal_id: string;
  rank: number;
  title: string;
  cost: number;
  supports: number;
  submitted_at: string | null;
  selected: boolean;
  funded: boolean;
}

export interface PublicSubmission {
  id: string;
  title: string;
  title_lang: string;
  description: string | null;
  cost: number;
  cost_note: string | null;
  area_name: string | null;
  supports: number;
  submitted_at: string | null;
  funded: boolean;
  opportunity_id: string | null;
}

export interface PublicCall extends Windows {
  id: string;
  title: string;
  title_lang: string;
  budget: number;
  currency: string;
  max_amount: number | null;
  residents_only: boolean;
  status: 'open' | 'decided';
  phase: Phase;
  areas: AreaRef[];
  description?: string | null;
  rules?: string | null;
  submissions?: PublicSubmission[];
  ranking?: { items: RankedItem[]; selected_total: number; remaining: number } | null;
}

export interface AdminCall extends Windows {
  id: string;
  title: Record<string, string>;
  description: Record<string, string>;
  rules: Record<string, string>;
  budget: number;
  currency: string;
  max_amount: number | null;
  area_ids: string[];
  areas: AreaRef[];
  residents_only: boolean;
  status: 'draft' | 'open' | 'decided' | 'archived';
  phase: Phase;
  decided_at: string | null;
  submissions: number;
}

export interface CallResult {
  call_id: string;
  budget: number;
  currency: string;
  supports_closed: boolean;
  items: RankedItem[];
  selected: string[];
  selected_total: number;
  remaining: number;
  funded_total: number;
}

/** the API's error shape, read into one message */
export async function problemOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `${res.status} ${res.statusText}`;
}
