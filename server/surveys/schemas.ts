/**
 * Survey campaigns: the questions an admin writes (labels per tenant language) and the check of a
 * resident's answers against them. A question is `{key, kind, label, options?}`:
 *
 * - `text` — free text (at most 2000 characters);
 * - `audiences` — for whom: a list of the taxonomy's audience codes;
 * - `yes_no` — true or false ("would you help?");
 * - `choice` — one of its `options` (`{value, label}`, 2 to 20).
 *
 * Every answer is optional; an answer to a question the campaign does not have is refused.
 */
import { z } from '@hono/zod-openapi';
import { AUDIENCE_CODES } from '../../data/town-format.ts';
import { badRequest } from '../http/errors.ts';
import { textProblem } from '../http/params.ts';
import { TENANT_LANGUAGES } from '../settings/routes.ts';

export const QUESTION_KINDS = ['text', 'audiences', 'yes_no', 'choice'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface SurveyQuestion {
  key: string;
  kind: QuestionKind;
  label: Record<string, string>;
  options?: { value: string; label: Record<string, string> }[];
}

export type AnswerValue = string | boolean | string[];

const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

export const safeText = (name: string, max: number) =>
  z
    .string({ message: `${name} must be text` })
    .trim()
    .max(max, `${name} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const p = textProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: `${name} ${p}` });
    });

/** text per UI language: {"en": "…", "he": "…"} */
export const localizedText = (name: string, max: number) =>
  z.partialRecord(
    z.enum(TENANT_LANGUAGES, { message: `${name}: each key must be one of ${TENANT_LANGUAGES.join(', ')}` }),
    safeText(name, max),
    { message: `${name} must be an object of texts per language, e.g. {"en": "…"}` },
  );

const keyOf = (name: string) =>
  z
    .string({ message: `${name} must be text` })
    .regex(KEY_RE, `${name} must be 1–40 lowercase letters, digits or _ (starting with a letter)`);

export const QuestionSchema = z
  .object({
    key: keyOf('questions[].key'),
    kind: z.enum(QUESTION_KINDS, { message: `questions[].kind must be one of ${QUESTION_KINDS.join(', ')}` }),
    label: localizedText('questions[].label', 300),
    options: z
      .array(
        z
          .object({
            value: keyOf('questions[].options[].value'),
            label: localizedText('questions[].options[].label', 200),
          })
          .strict(),
      )
      .max(20, 'questions[].options: at most 20 options')
      .optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.kind === 'choice') {
      if (!q.options || q.options.length < 2)
        ctx.addIssue({ code: 'custom', message: `questions.${q.key}: a choice needs 2 to 20 options` });
      else if (new Set(q.options.map((o) => o.value)).size !== q.options.length)
        ctx.addIssue({ code: 'custom', message: `questions.${q.key}: option values must not repeat` });
    } else if (q.options !== undefined)
      ctx.addIssue({ code: 'custom', message: `questions.${q.key}: only a choice question has options` });
  })
  .openapi('SurveyQuestion');

const dateText = (name: string) =>
  z
    .string({ message: `${name} must be a date YYYY-MM-DD` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date YYYY-MM-DD`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return (
        !Number.isNaN(d.getTime()) &&
        d.toISOString().slice(0, 10) === v &&
        v >= '2000-01-01' &&
        v <= '2999-12-31'
      );
    }, `${name} must be a real date between 2000 and 2999`);

const uuid = z
  .string({ message: 'area_ids must be area ids (UUIDs)' })
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'area_ids must be area ids (UUIDs)',
  );

export const CampaignInput = z
  .object({
    title: localizedText('title', 200),
    intro: localizedText('intro', 2000).optional(),
    area_ids: z.array(uuid).max(100, 'area_ids: at most 100 areas').default([]),
    opens_on: dateText('opens_on'),
    closes_on: dateText('closes_on'),
    questions: z
      .array(QuestionSchema)
      .min(1, 'questions: a survey needs at least one question')
      .max(30, 'questions: at most 30 questions'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.closes_on < c.opens_on)
      ctx.addIssue({
        code: 'custom',
        path: ['closes_on'],
        message: 'closes_on must be on or after opens_on',
      });
    const keys = c.questions.map((q) => q.key);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'questions: keys must not repeat' });
  });
export type CampaignInput = z.infer<typeof CampaignInput>;

/** the languages of a campaign's texts must be the tenant's, and its default language is required */
export function checkCampaignLanguages(c: CampaignInput, locales: string[], defaultLocale: string): void {
  const check = (name: string, t: Record<string, string | undefined> | undefined, required: boolean) => {
    if (!t) return;
    for (const [lang, v] of Object.entries(t)) {
      if (!locales.includes(lang))
        throw badRequest(`${name}.${lang}: the town's languages are ${locales.join(', ')}`);
      if (v === '') delete t[lang];
    }
    if (required && !t[defaultLocale])
      throw badRequest(`${name}.${defaultLocale}: the text in the town's default language is required`);
  };
  check('title', c.title, true);
  check('intro', c.intro, false);
  for (const q of c.questions) {
    check(`questions.${q.key}.label`, q.label, true);
    for (const o of q.options ?? []) check(`questions.${q.key}.options.${o.value}.label`, o.label, true);
  }
}

/** the shape of questions as far as stored answers depend on it (keys, kinds, option values) */
export function questionShape(questions: SurveyQuestion[]): string {
  return JSON.stringify(
    questions
      .map((q) => [q.key, q.kind, (q.options ?? []).map((o) => o.value).sort()] as const)
      .sort((a, b) => a[0].localeCompare(b[0])),
  );
}

/** answers as the API takes them: by question key, a text, a yes/no or a list of codes */
export const AnswersSchema = z
  .record(
    z.string().max(40, 'answers: a question key is at most 40 characters'),
    z.union(
      [
        z.string().max(2000, 'answers: a text answer is at most 2000 characters'),
        z.boolean(),
        z
          .array(z.string().max(40, 'answers: a code is at most 40 characters'))
          .max(20, 'answers: at most 20 codes'),
      ],
      { message: 'answers: each answer must be a text, true/false or a list of codes' },
    ),
    { message: 'answers must be an object of answers by question key' },
  )
  .refine((a) => Object.keys(a).length <= 30, 'answers: at most 30 answers');

/** the answers checked against the questions (400 naming the question), normalised */
export function checkAnswers(
  questions: SurveyQuestion[],
  answers: Record<string, AnswerValue>,
): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(answers)) {
    const q = questions.find((x) => x.key === key);
    if (!q)
      throw badRequest(
        `answers.${key.slice(0, 40)}: the survey has no such question (it has ${questions.map((x) => x.key).join(', ')})`,
      );
    const name = `answers.${key}`;
    switch (q.kind) {
      case 'text': {
        if (typeof value !== 'string') throw badRequest(`${name} must be text`);
        const v = value.trim();
        const p = textProblem(v);
        if (p) throw badRequest(`${name} ${p}`);
        if (v) out[key] = v;
        break;
      }
      case 'yes_no':
        if (typeof value !== 'boolean') throw badRequest(`${name} must be true or false`);
        out[key] = value;
        break;
      case 'audiences': {
        if (!Array.isArray(value)) throw badRequest(`${name} must be a list of audiences`);
        const unknown = value.filter((v) => !(AUDIENCE_CODES as readonly string[]).includes(v));
        if (unknown.length)
          throw badRequest(
            `${name}: unknown audience ${unknown.map((u) => JSON.stringify(u)).join(', ')}; expected any of ${AUDIENCE_CODES.join(', ')}`,
          );
        if (value.length) out[key] = [...new Set(value)];
        break;
      }
      case 'choice': {
        const values = (q.options ?? []).map((o) => o.value);
        if (typeof value !== 'string' || !values.includes(value))
          throw badRequest(`${name} must be one of ${values.join(', ')}`);
        out[key] = value;
        break;
      }
    }
  }
  return out;
}
