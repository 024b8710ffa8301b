/**
 * The bilans the tableau de bord sets beside this year's levels (D2): the most recent ones of this
 * year and of the year before, read from their frozen contents, and each criterion's mean level in
 * them, computed as comparisons compute it (`criterionMean`).
 */
import { criterionMean } from '@rouages/shared/bilans/compare'
import type { WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { previousSchoolYear } from '#lib/workspace/school-years.ts'
import { bilanSnapshot, listBilans } from './bilans-api.ts'

/** More markers than this on one meter no longer read. */
export const MAX_PAST_BILANS = 3

export interface PastBilan {
  id: string
  schoolYear: string
  name: string
  createdAt: string
  snapshot: WorkspaceSnapshot
}

/** One bilan's mean level per criterion of a framework (null: not positioned or absent). */
export interface PastLevels {
  id: string
  name: string
  schoolYear: string
  createdAt: string
  means: Record<string, number | null>
}

/** The latest bilans of `schoolYear` and the year before, newest first, but `except` (shown already). */
export async function loadPastBilans(
  etablissementId: string,
  schoolYear: string,
  except?: string,
): Promise<PastBilan[]> {
  const lists = await Promise.all(
    [schoolYear, previousSchoolYear(schoolYear)].map((year) => listBilans(etablissementId, year)),
  )
  const chosen = lists
    .flat()
    .filter((bilan) => bilan.id !== except)
    .slice(0, MAX_PAST_BILANS)
  return Promise.all(
    chosen.map(async (bilan) => ({
      id: bilan.id,
      schoolYear: bilan.schoolYear,
      name: bilan.name,
      createdAt: bilan.createdAt,
      snapshot: await bilanSnapshot(etablissementId, bilan.schoolYear, bilan.id),
    })),
  )
}

/**
 * Each bilan's mean level per criterion of `frameworkId`, placed on the scale shown today (levels
 * matched by id), for the bilans that followed that framework.
 */
export function pastLevelsOf(
  frameworkId: string,
  levels: ReadonlyArray<{ id: string }>,
  past: readonly PastBilan[],
): PastLevels[] {
  return past.flatMap((bilan) => {
    const framework = bilan.snapshot.frameworks.find((item) => item.id === frameworkId)
    if (!framework) return []
    const means = Object.fromEntries(
      framework.criteria.map((criterion) => [criterion.id, criterionMean(criterion, levels)]),
    )
    const { id, name, schoolYear, createdAt } = bilan
    return [{ id, name, schoolYear, createdAt, means }]
  })
}
