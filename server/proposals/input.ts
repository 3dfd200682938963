/**
 * What a resident sends with a proposal (POST /api/proposals) or its edit (PUT /api/proposals/edit),
 * validated at the edge: every message names the field.
 */
import { z } from '@hono/zod-openapi';
import { AUDIENCE_CODES, CATEGORY_CODES } from '../../data/town-format.ts';
import { ScheduleInputSchema } from '../content/schedule.ts';
import { text } from '../content/validation.ts';
import { MAIL_LANGUAGES } from '../subscriptions/texts.ts';

export const PROPOSAL_KINDS = ['activity', 'initiative', 'group'] as const;
export const JOIN_PLATFORMS = ['whatsapp', 'telegram', 'signal', 'facebook', 'website', 'other'] as const;
/** a resident's proposal has a few schedules at most */
export const MAX_PROPOSAL_SCHEDULES = 5;

const unique = <T>(a: T[]) => [...new Set(a)];
const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID')
  .transform((v) => v.toLowerCase());
const url = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .url('must be a web address such as https://chat.whatsapp.com/…')
  .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://');

export const EmailSchema = z
  .string({ message: 'email must be an e-mail address' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ message: 'email must be an e-mail address such as name@example.org' }));

export const ProposalLocationSchema = z
  .union(
    [
      z
        .object({
          lon: z.number().min(-180, 'must be -180 to 180').max(180, 'must be -180 to 180'),
          lat: z.number().min(-90, 'must be -90 to 90').max(90, 'must be -90 to 90'),
        })
        .strict(),
      z.object({ area_id: uuid }).strict(),
    ],
    { error: 'location must be a point {lon, lat} or a neighbourhood {area_id}' },
  )
  .openapi('ProposalLocation');

export const JoinSchema = z
  .object({
    url,
    platform: z.enum(JOIN_PLATFORMS, { error: `must be one of ${JOIN_PLATFORMS.join(', ')}` }),
    private: z.boolean().default(false),
  })
  .strict()
  .openapi('ProposalJoin');

export const PublicContactSchema = z
  .object({
    name: text(200).optional(),
    email: z.string().max(254).email('must be an e-mail address').optional(),
    phone: z
      .string()
      .max(50)
      .regex(/^[+0-9 ()./-]{3,50}$/, 'must be a telephone number (digits, spaces, + ( ) - . /)')
      .optional(),
  })
  .strict()
  .openapi('ProposalPublicContact');

/** the fields a proposer writes (and may change when it is returned) */
export const proposalFields = {
  kind: z.enum(PROPOSAL_KINDS, { error: `must be one of ${PROPOSAL_KINDS.join(', ')}` }),
  title: text(200).refine((v) => v.length > 0, 'give a title'),
  description: text(5000).refine((v) => v.length > 0, 'say in a few words what it is'),
  language: z
    .enum(MAIL_LANGUAGES, { error: `must be one of ${MAIL_LANGUAGES.join(', ')}` })
    .optional()
    .openapi({ description: "the proposer's language (the mails are in it); default: the town's" }),
  categories: z
    .array(z.enum(CATEGORY_CODES, { error: `must be one of ${CATEGORY_CODES.join(', ')}` }))
    .max(CATEGORY_CODES.length)
    .default([])
    .transform(unique),
  audiences: z
    .array(z.enum(AUDIENCE_CODES, { error: `must be one of ${AUDIENCE_CODES.join(', ')}` }))
    .max(AUDIENCE_CODES.length)
    .default([])
    .transform(unique),
  languages: z
    .array(
      z
        .string()
        .regex(/^[a-z]{2}$/i, 'must be an ISO 639-1 code such as en, uk, he')
        .transform((v) => v.toLowerCase()),
    )
    .max(30)
    .default([])
    .transform(unique),
  age_min: z
    .number()
    .int('must be whole years')
    .min(0, 'must be 0 to 120')
    .max(120, 'must be 0 to 120')
    .nullable()
    .optional(),
  age_max: z
    .number()
    .int('must be whole years')
    .min(0, 'must be 0 to 120')
    .max(120, 'must be 0 to 120')
    .nullable()
    .optional(),
  schedules: z
    .array(ScheduleInputSchema)
    .max(MAX_PROPOSAL_SCHEDULES, `at most ${MAX_PROPOSAL_SCHEDULES} schedules`)
    .default([]),
  join: JoinSchema.nullable().optional(),
  public_contact: PublicContactSchema.optional(),
  location: ProposalLocationSchema,
  cost: z.number().min(0, 'must be 0 or more').max(100_000_000, 'is too large').nullable().optional(),
  cost_note: text(500).nullable().optional(),
};

export const ProposalBody = z
  .object({
    ...proposalFields,
    email: EmailSchema,
    website: z.string().max(500, 'must be at most 500 characters').optional().openapi({
      description: 'leave empty: a field people never see (a form that fills it is taken for a robot)',
    }),
    call_id: uuid.nullable().optional(),
  })
  .strict()
  .openapi('ProposalRequest');
export type ProposalBodyInput = z.infer<typeof ProposalBody>;

export const TokenSchema = z
  .string({ message: 'token must be the token of an edit link' })
  .max(200, 'token must be the token of an edit link');

export const ProposalEditBody = z
  .object({ token: TokenSchema, ...proposalFields })
  .strict()
  .openapi('ProposalEditRequest');
export type ProposalFields = Omit<z.infer<typeof ProposalEditBody>, 'token'>;

export const ProposalView = z
  .object({
    id: z.string(),
    status: z.string(),
    kind: z.enum(PROPOSAL_KINDS),
    title: z.string(),
    description: z.string(),
    language: z.string(),
    categories: z.array(z.string()),
    audiences: z.array(z.string()),
    languages: z.array(z.string()),
    age_min: z.number().nullable(),
    age_max: z.number().nullable(),
    schedules: z.array(z.unknown()),
    join: z.object({ url: z.string(), platform: z.string(), private: z.boolean() }).nullable(),
    public_contact: z.record(z.string(), z.string()),
    location: z
      .union([z.object({ lon: z.number(), lat: z.number() }), z.object({ area_id: z.string() })])
      .nullable(),
    call_id: z.string().nullable(),
    cost: z.number().nullable(),
    cost_note: z.string().nullable(),
    return_reason: z.string().nullable(),
  })
  .openapi('ProposalForEdit');
export type ProposalViewT = z.infer<typeof ProposalView>;
