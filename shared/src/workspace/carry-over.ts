import * as Y from 'yjs'
import type { Framework, Scale } from '../frameworks/types.ts'
import { ACTION_SET_FIELDS, ACTION_TEXT_FIELDS, readActions, type ActionView } from './actions.ts'
import { crosswalkLinks } from './crosswalk.ts'
import { followedFrameworkIds, readCriteria, readEntry, scaleOf, setLevel } from './grid.ts'
import { addFramework } from './init.ts'
import { readIndicators, type IndicatorView } from './indicators.ts'
import { WORKSPACE_SCHEMA_VERSION } from './schema.ts'

export interface CarryOverSeed {
  etablissementId: string
  schoolYear: string
  now: Date
  /** The bilan the new year starts from, remembered so the grid can show last year's levels. */
  source: { schoolYear: string; bilanId: string }
}

/**
 * Starts a new school year from a frozen one (E5, B4): the same frameworks and descriptors (same
 * ids, so the years compare item by item), last year's levels as a starting position, the
 * crosswalk as the school left it, the actions still open (not réalisée nor abandonnée) with all
 * their fields, and the indicators with their history of values. Texts of the grid (constats,
 * points forts, vigilance, preuves, syntheses) start empty: they describe a year. The frozen
 * document is only read.
 */
export function carryOverWorkspace(from: Y.Doc, to: Y.Doc, seed: CarryOverSeed): void {
  if (to.getMap('meta').has('schemaVersion')) throw new Error('workspace already initialised')
  to.transact(() => {
    const meta = to.getMap('meta')
    meta.set('schemaVersion', WORKSPACE_SCHEMA_VERSION)
    meta.set('schoolYear', seed.schoolYear)
    meta.set('etablissementId', seed.etablissementId)
    meta.set('createdAt', seed.now.toISOString())
    meta.set('previous', { ...seed.source })
    for (const frameworkId of followedFrameworkIds(from)) {
      const source = from.getMap<Y.Map<unknown>>('frameworks').get(frameworkId)
      const scale: Scale = structuredClone(scaleOf(from, frameworkId))
      const framework: Framework = {
        id: frameworkId,
        version: Number(source?.get('version') ?? 1),
        label: typeof source?.get('label') === 'string' ? (source.get('label') as string) : frameworkId,
        layer: 'etablissement',
        scaleId: scale.id,
        criteria: readCriteria(from, frameworkId).map((criterion) => ({
          id: criterion.id,
          number: criterion.number,
          title: criterion.title,
          shortTitle: criterion.shortTitle,
          descriptors: criterion.descriptors,
        })),
      }
      addFramework(to, framework, scale)
      for (const criterion of framework.criteria) {
        for (const descriptor of criterion.descriptors) {
          const level = readEntry(from, frameworkId, descriptor.id).level
          if (level !== null) setLevel(to, frameworkId, descriptor.id, level)
        }
      }
    }
    const crosswalk = to.getMap<true>('crosswalk')
    for (const { from: a, to: b } of crosswalkLinks(from)) crosswalk.set(`${a}>${b}`, true)
    for (const action of readActions(from)) {
      if (action.etat !== 'realisee' && action.etat !== 'abandonnee') copyAction(to, action)
    }
    for (const indicator of readIndicators(from)) copyIndicator(to, indicator)
  })
}

/** Last year's bilan a year was started from, if any. */
export function previousYearOf(doc: Y.Doc): { schoolYear: string; bilanId: string } | undefined {
  const previous: unknown = doc.getMap('meta').get('previous')
  if (typeof previous !== 'object' || previous === null) return undefined
  const { schoolYear, bilanId } = previous as Record<string, unknown>
  return typeof schoolYear === 'string' && typeof bilanId === 'string' ? { schoolYear, bilanId } : undefined
}

function copyAction(doc: Y.Doc, view: ActionView): void {
  const action = new Y.Map<unknown>()
  doc.getMap<Y.Map<unknown>>('actions').set(view.id, action)
  action.set('id', view.id)
  action.set('createdAt', view.createdAt)
  for (const field of ACTION_TEXT_FIELDS) {
    const text = new Y.Text()
    action.set(field, text)
    text.insert(0, view[field])
  }
  for (const field of ['pilote', 'echeance', 'etat', 'pdca', 'efficacite'] as const)
    action.set(field, view[field])
  for (const field of ACTION_SET_FIELDS) {
    const set = new Y.Map<true>()
    action.set(field, set)
    for (const key of view[field]) set.set(key, true)
  }
}

function copyIndicator(doc: Y.Doc, view: IndicatorView): void {
  const indicator = new Y.Map<unknown>()
  doc.getMap<Y.Map<unknown>>('indicators').set(view.id, indicator)
  for (const field of [
    'id',
    'createdAt',
    'catalogueId',
    'name',
    'source',
    'unit',
    'periodicity',
    'direction',
    'baseline',
    'cible',
  ] as const)
    indicator.set(field, view[field])
  const definition = new Y.Text()
  indicator.set('definition', definition)
  definition.insert(0, view.definition)
  const links = new Y.Map<true>()
  indicator.set('links', links)
  for (const key of view.links) links.set(key, true)
  const measurements = new Y.Map<unknown>()
  indicator.set('measurements', measurements)
  for (const { id, ...measurement } of view.measurements) measurements.set(id, measurement)
}
