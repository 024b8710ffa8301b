/**
 * Labels held and their cycles (H2) as the app reads and writes them through
 * `/api/etablissements/<id>/labels`, the renewal dossier's download addresses, and the labels
 * page's address.
 */
import * as v from 'valibot'
import { resolve } from '$app/paths'
import type { ResolvedPathname } from '$app/types'
import { LabelSchema, type Label, type LabelInput } from '@rouages/shared/api/labels'
import { api, apiPath } from '#lib/api.ts'

/** The établissement's labels page. */
export const labelsPagePath = (etablissementId: string): ResolvedPathname =>
  resolve('/(connecte)/e/[etablissementId]/labels', { etablissementId })

const labelsPath = (etablissementId: string): string => apiPath`/api/etablissements/${etablissementId}/labels`

export const DOSSIER_FORMATS = ['pdf', 'docx', 'odt'] as const
export type DossierFormat = (typeof DOSSIER_FORMATS)[number]

/** The renewal dossier of a label: every bilan of its cycle in one document (an attachment). */
export const dossierHref = (etablissementId: string, labelId: string, format: DossierFormat): string =>
  `${labelsPath(etablissementId)}${apiPath`/${labelId}/dossier.${format}`}`

export const labelsApi = {
  /** The labels, the most recent cycle first, each with the bilans of its cycle oldest first. */
  list: (etablissementId: string): Promise<Label[]> =>
    api.get(labelsPath(etablissementId), v.array(LabelSchema)),
  create: (etablissementId: string, input: LabelInput): Promise<Label> =>
    api.post(labelsPath(etablissementId), input, { schema: LabelSchema }),
  update: (etablissementId: string, labelId: string, input: LabelInput): Promise<Label> =>
    api.put(`${labelsPath(etablissementId)}${apiPath`/${labelId}`}`, input, { schema: LabelSchema }),
}
