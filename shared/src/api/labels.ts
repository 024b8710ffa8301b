import * as v from 'valibot'
import { IdSchema, IsoDateTimeSchema } from './common.ts'

/** A label the établissement holds or prepares (H2), with its labelling cycle. */
export const LABEL_STATUSES = [
  'preparation',
  'candidature',
  'audit',
  'labellise',
  'renouvellement',
  'expire',
] as const
export type LabelStatus = (typeof LABEL_STATUSES)[number]

export const LABEL_STATUS_LABELS_FR: Record<LabelStatus, string> = {
  preparation: 'En préparation',
  candidature: 'Candidature déposée',
  audit: 'Audit en cours',
  labellise: 'Labellisé',
  renouvellement: 'Renouvellement en cours',
  expire: 'Expiré',
}

export const LABEL_DECISIONS = [
  'nouvellement-labellise',
  'renouvellement',
  'renouvellement-avec-modification',
] as const
export type LabelDecision = (typeof LABEL_DECISIONS)[number]

export const LABEL_DECISION_LABELS_FR: Record<LabelDecision, string> = {
  'nouvellement-labellise': 'Nouvellement labellisé',
  renouvellement: 'Renouvellement',
  'renouvellement-avec-modification': 'Renouvellement avec modification',
}

const Year = v.pipe(
  v.number('année attendue'),
  v.integer('année attendue'),
  v.minValue(2000),
  v.maxValue(2100),
)

export const LabelInputSchema = v.pipe(
  v.object({
    frameworkId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'référentiel inconnu')),
    intitule: v.pipe(
      v.string('intitulé attendu'),
      v.trim(),
      v.minLength(1, 'l’intitulé est obligatoire (par exemple « Lycée des métiers du bâtiment »)'),
      v.maxLength(200, 'intitulé trop long'),
    ),
    /** First calendar year of the cycle: a cycle 2023 → 2028 covers the school years 2023-2024 to 2027-2028. */
    cycleStart: Year,
    cycleEnd: Year,
    status: v.picklist(LABEL_STATUSES, 'statut inconnu'),
    decision: v.nullable(v.picklist(LABEL_DECISIONS, 'décision inconnue')),
  }),
  v.forward(
    v.check((input) => input.cycleEnd > input.cycleStart, 'la fin du cycle doit suivre son début'),
    ['cycleEnd'],
  ),
)
export type LabelInput = v.InferInput<typeof LabelInputSchema>

export const LabelSchema = v.object({
  id: IdSchema,
  frameworkId: v.string(),
  intitule: v.string(),
  cycleStart: v.number(),
  cycleEnd: v.number(),
  status: v.picklist(LABEL_STATUSES),
  decision: v.nullable(v.picklist(LABEL_DECISIONS)),
  updatedAt: IsoDateTimeSchema,
  /** The bilans frozen during the cycle, oldest first. */
  bilans: v.array(
    v.object({ id: IdSchema, schoolYear: v.string(), name: v.string(), createdAt: IsoDateTimeSchema }),
  ),
})
export type Label = v.InferOutput<typeof LabelSchema>

export const LabelIdParamSchema = v.object({ etablissementId: IdSchema, labelId: IdSchema })

/** The school years a cycle covers: 2023 → 2028 gives 2023-2024 … 2027-2028. */
export function cycleSchoolYears(cycleStart: number, cycleEnd: number): string[] {
  const years: string[] = []
  for (let year = cycleStart; year < cycleEnd; year++) years.push(`${year}-${year + 1}`)
  return years
}
