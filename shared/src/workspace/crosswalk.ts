import type * as Y from 'yjs'
import { DEFAULT_REFORM_CROSSWALK, REFORM_MEASURES } from '../frameworks/reform.ts'
import type { CrosswalkLink, ReformMeasure } from '../frameworks/types.ts'
import { followedFrameworkIds, readCriteria, type CriterionView } from './grid.ts'

/**
 * The crosswalk (H1): links between criteria of the frameworks a school follows and the 2023
 * reform measures, editable. Kept as map keys `from>to`, so two people adding the same link at
 * once make one link, not two.
 */
const crosswalkMap = (doc: Y.Doc) => doc.getMap<true>('crosswalk')
const keyOf = ({ from, to }: CrosswalkLink) => `${from}>${to}`
/** Where the reform measures come from (criteria come from their framework). */
const REFORM = Symbol('reform')

/** A criterion of a followed framework, as the crosswalk lists it. */
export interface LinkedCriterion {
  frameworkId: string
  criterion: CriterionView
}

/** Seeds the crosswalk with Fiche 4's table (new documents, and migration 2). */
export function seedCrosswalk(doc: Y.Doc): void {
  const map = crosswalkMap(doc)
  for (const link of DEFAULT_REFORM_CROSSWALK) map.set(keyOf(link), true)
}

export function crosswalkLinks(doc: Y.Doc): CrosswalkLink[] {
  return [...crosswalkMap(doc).keys()].map((key) => {
    const [from = '', to = ''] = key.split('>')
    return { from, to }
  })
}

/**
 * Links two items of different frameworks (a criterion and a reform measure, or criteria of two
 * frameworks the year follows). Unknown ids and links within one framework are refused.
 */
export function addCrosswalkLink(doc: Y.Doc, from: string, to: string): void {
  const fromOwner = ownerOf(doc, from)
  const toOwner = ownerOf(doc, to)
  if (fromOwner === undefined || toOwner === undefined)
    throw new Error(
      `${fromOwner === undefined ? from : to} is neither a reform measure nor a followed criterion`,
    )
  if (fromOwner === toOwner) throw new Error(`${from} and ${to} belong to the same framework`)
  crosswalkMap(doc).set(keyOf({ from, to }), true)
}

export function removeCrosswalkLink(doc: Y.Doc, from: string, to: string): void {
  crosswalkMap(doc).delete(keyOf({ from, to }))
  crosswalkMap(doc).delete(keyOf({ from: to, to: from }))
}

/** Ids linked to an item, in either direction. */
function linkedIds(doc: Y.Doc, id: string): Set<string> {
  const ids = new Set<string>()
  for (const { from, to } of crosswalkLinks(doc)) {
    if (from === id) ids.add(to)
    if (to === id) ids.add(from)
  }
  return ids
}

/** The reform measures linked to a criterion, in the order of the reform. */
export function reformMeasuresFor(doc: Y.Doc, criterionId: string): ReformMeasure[] {
  const ids = linkedIds(doc, criterionId)
  return REFORM_MEASURES.filter((m) => ids.has(m.id))
}

/** The criteria of the school's other frameworks linked to a criterion. */
export function linkedCriteria(doc: Y.Doc, criterionId: string): LinkedCriterion[] {
  const ids = linkedIds(doc, criterionId)
  return followedFrameworkIds(doc).flatMap((frameworkId) =>
    readCriteria(doc, frameworkId)
      .filter((c) => ids.has(c.id))
      .map((criterion) => ({ frameworkId, criterion })),
  )
}

/** Where an item comes from: the reform, or the followed framework holding the criterion. */
function ownerOf(doc: Y.Doc, id: string): string | typeof REFORM | undefined {
  if (REFORM_MEASURES.some((m) => m.id === id)) return REFORM
  return followedFrameworkIds(doc).find((frameworkId) =>
    readCriteria(doc, frameworkId).some((c) => c.id === id),
  )
}

/**
 * What can still be linked to a criterion: the reform measures and the criteria of the year's
 * other frameworks that are not linked to it yet, in the order of the reform and of the year.
 */
export function crosswalkCandidates(
  doc: Y.Doc,
  criterionId: string,
): { measures: ReformMeasure[]; criteria: LinkedCriterion[] } {
  const own = ownerOf(doc, criterionId)
  if (typeof own !== 'string') throw new Error(`${criterionId} is not a criterion of a followed framework`)
  const ids = linkedIds(doc, criterionId)
  return {
    measures: REFORM_MEASURES.filter((m) => !ids.has(m.id)),
    criteria: followedFrameworkIds(doc)
      .filter((frameworkId) => frameworkId !== own)
      .flatMap((frameworkId) =>
        readCriteria(doc, frameworkId)
          .filter((c) => !ids.has(c.id))
          .map((criterion) => ({ frameworkId, criterion })),
      ),
  }
}
