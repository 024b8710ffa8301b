import * as v from 'valibot'
import { isSchoolYear } from '../document-names.ts'
import { IdSchema, IsoDateTimeSchema } from './common.ts'

/** The approval trail of a bilan (E2), in order: each step needs the one before. */
export const BILAN_STEPS = ['approved', 'presented-cp', 'presented-ca'] as const
export type BilanStep = (typeof BILAN_STEPS)[number]

export const BILAN_STEP_LABELS_FR: Record<BilanStep, string> = {
  approved: 'Approuvé par le chef d’établissement',
  'presented-cp': 'Présenté au conseil pédagogique',
  'presented-ca': 'Présenté au conseil d’administration',
}

export const BilanParamSchema = v.object({
  etablissementId: IdSchema,
  schoolYear: v.pipe(v.string(), v.check(isSchoolYear, 'année scolaire attendue, par exemple 2025-2026')),
})
export const BilanIdParamSchema = v.object({ ...BilanParamSchema.entries, bilanId: IdSchema })

export const BilanFreezeSchema = v.object({
  name: v.pipe(
    v.string('nom du bilan attendu'),
    v.trim(),
    v.minLength(1, 'le nom du bilan est obligatoire'),
    v.maxLength(200, 'nom trop long (200 caractères au plus)'),
  ),
  note: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(5000, 'note trop longue (5 000 caractères au plus)')),
    '',
  ),
})
export type BilanFreezeInput = v.InferInput<typeof BilanFreezeSchema>

const IsoDateSchema = v.pipe(v.string('date attendue'), v.isoDate('date attendue au format AAAA-MM-JJ'))

export const BilanStepInputSchema = v.variant('step', [
  v.object({ step: v.literal('approved') }),
  v.object({ step: v.literal('presented-cp'), onDate: IsoDateSchema }),
  v.object({ step: v.literal('presented-ca'), onDate: IsoDateSchema }),
])
export type BilanStepInput = v.InferInput<typeof BilanStepInputSchema>

export const BilanStepSchema = v.object({
  step: v.picklist(BILAN_STEPS),
  onDate: v.nullable(v.string()),
  recordedBy: v.string(),
  recordedAt: IsoDateTimeSchema,
})

/** A bilan as listed: everything but its content. */
export const BilanSummarySchema = v.object({
  id: IdSchema,
  schoolYear: v.string(),
  name: v.string(),
  note: v.string(),
  digest: v.string(),
  createdAt: IsoDateTimeSchema,
  createdBy: v.string(),
  steps: v.array(BilanStepSchema),
})
export type BilanSummary = v.InferOutput<typeof BilanSummarySchema>

/** Share links (E6): read-only access to one bilan, without an account, until expiry or revocation. */
export const ShareCreateSchema = v.object({
  label: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(120, 'libellé trop long (120 caractères au plus)')),
    '',
  ),
  expiresInDays: v.pipe(
    v.number('durée attendue'),
    v.integer('nombre de jours entier attendu'),
    v.minValue(1, 'un jour au moins'),
    v.maxValue(365, 'un an au plus'),
  ),
})
export type ShareCreateInput = v.InferInput<typeof ShareCreateSchema>

export const ShareSchema = v.object({
  id: IdSchema,
  label: v.string(),
  createdBy: v.string(),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
  revokedAt: v.nullable(IsoDateTimeSchema),
})
export type Share = v.InferOutput<typeof ShareSchema>

/** The answer to creating a link: the only time its secret is shown. */
export const ShareCreatedSchema = v.object({ ...ShareSchema.entries, link: v.string() })

export const ShareIdParamSchema = v.object({ ...BilanIdParamSchema.entries, shareId: IdSchema })
export const ShareTokenParamSchema = v.object({
  token: v.pipe(v.string(), v.regex(/^[a-z2-7]{32}$/, 'lien invalide')),
})

/** What a share link opens: the établissement's name, the bilan and its frozen content. */
export const SharedBilanSchema = v.object({
  etablissement: v.object({ name: v.string(), uai: v.string(), academie: v.string() }),
  bilan: BilanSummarySchema,
  expiresAt: IsoDateTimeSchema,
  /** The frozen content (`WorkspaceSnapshot`): the server wrote it, so only its outline is checked. */
  snapshot: v.looseObject({
    schoolYear: v.string(),
    frameworks: v.array(v.unknown()),
    actions: v.array(v.unknown()),
    indicators: v.array(v.unknown()),
  }),
  /** The display names of the pilotes named by the content's actions (user id → name), no one else's. */
  people: v.record(v.string(), v.string()),
})
