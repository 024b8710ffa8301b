/**
 * The school year a page under `/e/<id>/annees/<annee>/…` works in: the year as the server lists
 * it and its workspace document, held open by the year's layout for as long as the person stays in
 * that year, so moving between the grid, the plan, the indicators and the dashboard does not
 * reload it.
 *
 * With `?version=<bilanId>` in the address the document is that bilan's frozen copy instead,
 * read-only (see YearWorkspace), and the year's links keep showing that version (`inVersion`).
 */
import { getContext, setContext } from 'svelte'
import type { ResolvedPathname } from '$app/types'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import type { SharedDocument } from '#lib/collab/shared-document.ts'

export interface YearContext {
  etablissementId: string
  year: SchoolYear
  document: SharedDocument
  /** The bilan shown instead of the live year, if any. */
  versionId: string | undefined
  /** An address of this year's pages in the version shown (unchanged for the live year). */
  inVersion: (href: ResolvedPathname) => ResolvedPathname
}

const KEY = Symbol('year')

export function setYearContext(context: YearContext): void {
  setContext(KEY, context)
}

export function yearContext(): YearContext {
  const context = getContext<YearContext | undefined>(KEY)
  if (!context) throw new Error('yearContext() outside a school year layout')
  return context
}
