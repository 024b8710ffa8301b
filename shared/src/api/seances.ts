import * as v from 'valibot'
import { isSchoolYear } from '../document-names.ts'
import { IdSchema, IsoDateTimeSchema } from './common.ts'

/**
 * Live workshop sessions (séances, A1): a facilitator opens one in a school year with an agenda;
 * participants join with a short code shown on the projector.
 */
export const SEANCE_KINDS = [
  'conseil-pedagogique',
  'groupe-qualite',
  'conseil-administration',
  'autre',
] as const
export const SEANCE_KIND_LABELS_FR: Record<(typeof SEANCE_KINDS)[number], string> = {
  'conseil-pedagogique': 'Conseil pédagogique',
  'groupe-qualite': 'Groupe de travail qualité',
  'conseil-administration': 'Conseil d’administration',
  autre: 'Autre réunion',
}

/** What an agenda step works on: a criterion (or some of its descriptors), the idea board, the plan. */
export const SEANCE_STEP_KINDS = ['criterion', 'ideas', 'plan'] as const

/** Join codes avoid letters and digits read alike from the back of a room (I/1, O/0). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const JOIN_CODE_LENGTH = 6

export const SeanceStepSchema = v.object({
  kind: v.picklist(SEANCE_STEP_KINDS, 'type d’étape inconnu'),
  title: v.pipe(
    v.string('titre attendu'),
    v.trim(),
    v.minLength(1, 'chaque étape a un titre'),
    v.maxLength(200),
  ),
  /** `<frameworkId>/<criterionId>` for a criterion step. */
  target: v.optional(v.pipe(v.string(), v.maxLength(120))),
  /** Descriptor ids of that criterion, when the step covers only some. */
  descriptorIds: v.optional(v.array(v.pipe(v.string(), v.maxLength(64)))),
})
export type SeanceStep = v.InferOutput<typeof SeanceStepSchema>

export const SeanceCreateSchema = v.object({
  title: v.pipe(
    v.string('titre attendu'),
    v.trim(),
    v.minLength(1, 'le titre de la séance est obligatoire'),
    v.maxLength(200, 'titre trop long'),
  ),
  kind: v.picklist(SEANCE_KINDS, 'type de séance inconnu'),
  guestsAllowed: v.boolean('indiquez si des invités sans compte peuvent rejoindre'),
  steps: v.pipe(
    v.array(SeanceStepSchema),
    v.minLength(1, 'l’ordre du jour compte au moins une étape'),
    v.maxLength(30, 'trente étapes au plus'),
  ),
})
export type SeanceCreateInput = v.InferInput<typeof SeanceCreateSchema>

export const SeanceSchema = v.object({
  id: IdSchema,
  etablissementId: IdSchema,
  schoolYear: v.string(),
  title: v.string(),
  kind: v.picklist(SEANCE_KINDS),
  code: v.string(),
  status: v.picklist(['ouverte', 'terminee']),
  guestsAllowed: v.boolean(),
  steps: v.array(SeanceStepSchema),
  createdBy: v.string(),
  createdAt: IsoDateTimeSchema,
  endedAt: v.nullable(IsoDateTimeSchema),
})
export type Seance = v.InferOutput<typeof SeanceSchema>

export const SeanceParamSchema = v.object({
  etablissementId: IdSchema,
  schoolYear: v.pipe(v.string(), v.check(isSchoolYear, 'année scolaire attendue, par exemple 2025-2026')),
})
export const SeanceIdParamSchema = v.object({ ...SeanceParamSchema.entries, seanceId: IdSchema })

/** Typed on a phone: case and spaces do not matter ("abc 234" is ABC234). */
export const JoinCodeSchema = v.object({
  code: v.pipe(
    v.string('code attendu'),
    v.transform((code) => code.replace(/[\s-]/g, '').toUpperCase()),
    v.regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), 'code de six caractères attendu'),
  ),
})
