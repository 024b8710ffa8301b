/**
 * The bilans of a school year as the app reads them from `/api/…/annees/<annee>/bilans`: the list,
 * a bilan's frozen content (JSON), its report downloads, and where its approval trail stands.
 */
import * as v from 'valibot'
import {
  BILAN_STEPS,
  BilanSummarySchema,
  type BilanStep,
  type BilanSummary,
} from '@rouages/shared/api/bilans'
import type { WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { api, apiPath } from '#lib/api.ts'

export const bilansPath = (etablissementId: string, schoolYear: string): string =>
  apiPath`/api/etablissements/${etablissementId}/annees/${schoolYear}/bilans`

export const bilanPath = (etablissementId: string, schoolYear: string, bilanId: string): string =>
  `${bilansPath(etablissementId, schoolYear)}/${encodeURIComponent(bilanId)}`

/** A year's bilans, newest first. */
export function listBilans(etablissementId: string, schoolYear: string): Promise<BilanSummary[]> {
  return api.get(bilansPath(etablissementId, schoolYear), v.array(BilanSummarySchema))
}

/**
 * The outline of a frozen content: the server wrote it from the document (`workspaceSnapshot`), so
 * only its shape is checked here, enough to refuse something that is not a workspace at all.
 */
const SnapshotShapeSchema = v.looseObject({
  schoolYear: v.string(),
  frameworks: v.array(
    v.looseObject({
      id: v.string(),
      scale: v.looseObject({ levels: v.array(v.looseObject({ id: v.string() })) }),
      criteria: v.array(v.looseObject({ id: v.string(), descriptors: v.array(v.unknown()) })),
    }),
  ),
  actions: v.array(v.unknown()),
  indicators: v.array(v.unknown()),
})

/** A bilan's frozen content: what comparisons and the tableau de bord read. */
export async function bilanSnapshot(
  etablissementId: string,
  schoolYear: string,
  bilanId: string,
): Promise<WorkspaceSnapshot> {
  const content = await api.get(
    `${bilanPath(etablissementId, schoolYear, bilanId)}/contenu`,
    SnapshotShapeSchema,
  )
  return content as unknown as WorkspaceSnapshot
}

export const REPORT_FORMATS = ['pdf', 'docx', 'odt'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The report of a bilan ("Suivi du label Lycée des métiers" section of the rapport annuel). */
export const reportHref = (
  etablissementId: string,
  schoolYear: string,
  bilanId: string,
  format: ReportFormat,
): string => `${bilanPath(etablissementId, schoolYear, bilanId)}/rapport.${format}`

/** The next step of a bilan's approval trail, or undefined once presented to the CA. */
export function nextStep(bilan: BilanSummary): BilanStep | undefined {
  const done = new Set(bilan.steps.map((step) => step.step))
  return BILAN_STEPS.find((step) => !done.has(step))
}
