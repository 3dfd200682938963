/** What the page says when the server refuses a submission: by field when a 400 names one. */
import type { ApiProblem } from './api.ts';
import type { ParticipateT } from './i18n.ts';
import { fieldOfParameter, type Problems } from './validate.ts';

export function refusal(problem: ApiProblem, t: ParticipateT, fields: readonly string[]): { fields: Problems; server: string | null } {
  if (problem.status === 0) return { fields: {}, server: t('form.networkError') };
  if (problem.status === 503) return { fields: {}, server: t('form.mailOff') };
  if (problem.status === 403) return { fields: {}, server: t('form.blocked') };
  if (problem.status === 429) return { fields: {}, server: t('form.rateLimited', { message: problem.message }) };
  if (problem.status === 400 && problem.details.length) {
    const out: Problems = {};
    const rest: string[] = [];
    for (const d of problem.details) {
      const f = fieldOfParameter(d.parameter);
      if (f && fields.includes(f) && !out[f]) out[f] = { key: '', text: d.message };
      else rest.push(d.parameter ? `${d.parameter}: ${d.message}` : d.message);
    }
    return { fields: out, server: rest.length ? t('form.serverError', { message: rest.join('; ') }) : null };
  }
  return { fields: {}, server: t('form.serverError', { message: problem.message }) };
}
