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

export function addCrosswalkLink(doc: Y.Doc, from: string, to: string): void {
  if (from === to) throw new Error('a link joins two different items')
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
export function linkedCriteria(
  doc: Y.Doc,
  criterionId: string,
): Array<{ frameworkId: string; criterion: CriterionView }> {
  const ids = linkedIds(doc, criterionId)
  return followedFrameworkIds(doc).flatMap((frameworkId) =>
    readCriteria(doc, frameworkId)
      .filter((c) => ids.has(c.id))
      .map((criterion) => ({ frameworkId, criterion })),
  )
}
