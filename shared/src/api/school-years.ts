import * as v from 'valibot'
import { isSchoolYear } from '../document-names.ts'
import { IsoDateTimeSchema } from './common.ts'

export const SchoolYearParamSchema = v.object({
  etablissementId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16,32}$/)),
  schoolYear: v.pipe(v.string(), v.check(isSchoolYear, 'année scolaire attendue, par exemple 2025-2026')),
})

export const SchoolYearCreateSchema = v.object({
  schoolYear: v.pipe(
    v.string('année scolaire attendue'),
    v.check(isSchoolYear, 'année scolaire attendue, par exemple 2025-2026'),
  ),
  frameworkIds: v.pipe(
    v.array(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'référentiel inconnu'))),
    v.minLength(1, 'choisissez au moins un référentiel'),
    v.check((ids) => new Set(ids).size === ids.length, 'référentiel choisi deux fois'),
  ),
  /**
   * Start from a bilan of an earlier year (E5): its frameworks, descriptors, levels, open actions
   * and indicators are carried over, and `frameworkIds` must name the bilan's frameworks.
   */
  fromBilan: v.optional(
    v.object({
      schoolYear: v.pipe(v.string(), v.check(isSchoolYear, 'année scolaire attendue, par exemple 2025-2026')),
      bilanId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16,32}$/, 'bilan inconnu')),
    }),
  ),
})
export type SchoolYearCreateInput = v.InferInput<typeof SchoolYearCreateSchema>

export const SchoolYearSchema = v.object({
  schoolYear: v.string(),
  /** The workspace document to open through the collaboration socket. */
  documentName: v.string(),
  frameworkIds: v.array(v.string()),
  createdAt: IsoDateTimeSchema,
  /** Display name of who opened the year. */
  createdBy: v.string(),
})
export type SchoolYear = v.InferOutput<typeof SchoolYearSchema>
