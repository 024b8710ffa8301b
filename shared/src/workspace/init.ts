import * as Y from 'yjs'
import type { Framework, Scale } from '../frameworks/types.ts'
import { seedCrosswalk } from './crosswalk.ts'
import { createEntry } from './grid.ts'
import { WORKSPACE_SCHEMA_VERSION } from './schema.ts'

export interface WorkspaceSeed {
  etablissementId: string
  schoolYear: string
  /** The frameworks the year follows, each with its scale, copied into the document. */
  frameworks: Array<{ framework: Framework; scale: Scale }>
  now: Date
}

/**
 * Fills a new, empty workspace document. Run once, by the server, when the year is created —
 * never on load (rebuilding from data on every load duplicates content in the clients).
 */
export function initWorkspace(doc: Y.Doc, seed: WorkspaceSeed): void {
  if (doc.getMap('meta').has('schemaVersion')) throw new Error('workspace already initialised')
  doc.transact(() => {
    const meta = doc.getMap('meta')
    meta.set('schemaVersion', WORKSPACE_SCHEMA_VERSION)
    meta.set('schoolYear', seed.schoolYear)
    meta.set('etablissementId', seed.etablissementId)
    meta.set('createdAt', seed.now.toISOString())
    for (const { framework, scale } of seed.frameworks) addFramework(doc, framework, scale)
    seedCrosswalk(doc)
  })
}

/** Copies a framework version, its scale and its descriptors into the workspace, with empty entries. */
export function addFramework(doc: Y.Doc, framework: Framework, scale: Scale): void {
  doc.transact(() => {
    const copy = new Y.Map<unknown>()
    doc.getMap('frameworks').set(framework.id, copy)
    copy.set('id', framework.id)
    copy.set('version', framework.version)
    copy.set('label', framework.label)
    copy.set('scale', structuredClone(scale))
    const criteria = new Y.Array<Y.Map<unknown>>()
    copy.set('criteria', criteria)

    const grid = new Y.Map<unknown>()
    doc.getMap('grids').set(framework.id, grid)
    const entries = new Y.Map<YEntryLike>()
    const syntheses = new Y.Map<Y.Text>()
    grid.set('entries', entries)
    grid.set('syntheses', syntheses)

    for (const criterion of framework.criteria) {
      const c = new Y.Map<unknown>()
      criteria.push([c])
      c.set('id', criterion.id)
      c.set('number', criterion.number)
      c.set('title', criterion.title)
      c.set('shortTitle', criterion.shortTitle)
      const descriptors = new Y.Array<Y.Map<unknown>>()
      c.set('descriptors', descriptors)
      syntheses.set(criterion.id, new Y.Text())
      for (const descriptor of criterion.descriptors) {
        const d = new Y.Map<unknown>()
        descriptors.push([d])
        d.set('id', descriptor.id)
        d.set('text', descriptor.text)
        d.set('expectations', descriptor.expectations ?? '')
        entries.set(descriptor.id, createEntry())
      }
    }
  })
}

type YEntryLike = Y.Map<unknown>
