import * as Y from 'yjs'
import type { Scale } from '../frameworks/types.ts'
import { newId } from './ids.ts'
import { ENTRY_TEXT_FIELDS, type EntryTextField, type EntryView, type Preuve, type YEntry } from './schema.ts'

/** A new, empty entry with every nested type created up front (see schema.ts). */
export function createEntry(): YEntry {
  const entry = new Y.Map<unknown>()
  entry.set('level', null)
  for (const field of ENTRY_TEXT_FIELDS) entry.set(field, new Y.Text())
  entry.set('preuves', new Y.Array<Y.Map<unknown>>())
  entry.set('indicatorIds', new Y.Array<string>())
  entry.set('actionIds', new Y.Array<string>())
  return entry
}

const frameworkMap = (doc: Y.Doc, frameworkId: string) => {
  const map = doc.getMap<Y.Map<unknown>>('frameworks').get(frameworkId)
  if (!map) throw new Error(`framework ${frameworkId} is not followed this year`)
  return map
}

const gridMap = (doc: Y.Doc, frameworkId: string) => {
  const map = doc.getMap<Y.Map<unknown>>('grids').get(frameworkId)
  if (!map) throw new Error(`no grid for framework ${frameworkId}`)
  return map
}

const criteriaOf = (doc: Y.Doc, frameworkId: string) =>
  frameworkMap(doc, frameworkId).get('criteria') as Y.Array<Y.Map<unknown>>

function criterionMap(doc: Y.Doc, frameworkId: string, criterionId: string): Y.Map<unknown> {
  const found = criteriaOf(doc, frameworkId)
    .toArray()
    .find((c) => c.get('id') === criterionId)
  if (!found) throw new Error(`criterion ${criterionId} not found`)
  return found
}

/** The entry of a descriptor (created with it). */
export function entryOf(doc: Y.Doc, frameworkId: string, descriptorId: string): YEntry {
  const entry = (gridMap(doc, frameworkId).get('entries') as Y.Map<YEntry>).get(descriptorId)
  if (!entry) throw new Error(`descriptor ${descriptorId} has no entry`)
  return entry
}

/** The frameworks the year follows, in the order they were added. */
export function followedFrameworkIds(doc: Y.Doc): string[] {
  return [...doc.getMap('frameworks').keys()]
}

export function scaleOf(doc: Y.Doc, frameworkId: string): Scale {
  return frameworkMap(doc, frameworkId).get('scale') as Scale
}

/**
 * The name of a followed framework as the year copied it (a school-made framework's too), else
 * `undefined` when the year does not follow it.
 */
export function frameworkLabelOf(doc: Y.Doc, frameworkId: string): string | undefined {
  const label = doc.getMap<Y.Map<unknown>>('frameworks').get(frameworkId)?.get('label')
  return typeof label === 'string' && label.trim() !== '' ? label : undefined
}

/** Adds a descriptor under a criterion, with its entry, in one transaction; returns its id. */
export function addDescriptor(doc: Y.Doc, frameworkId: string, criterionId: string, text: string): string {
  const id = newId()
  doc.transact(() => {
    const descriptor = new Y.Map<unknown>()
    ;(criterionMap(doc, frameworkId, criterionId).get('descriptors') as Y.Array<Y.Map<unknown>>).push([
      descriptor,
    ])
    descriptor.set('id', id)
    descriptor.set('text', text.trim())
    descriptor.set('expectations', '')
    ;(gridMap(doc, frameworkId).get('entries') as Y.Map<YEntry>).set(id, createEntry())
  })
  return id
}

export function setDescriptorText(
  doc: Y.Doc,
  frameworkId: string,
  criterionId: string,
  descriptorId: string,
  text: string,
): void {
  descriptorMap(doc, frameworkId, criterionId, descriptorId).set('text', text.trim())
}

/**
 * Removes a descriptor from the grid. Its entry stays in the document (history, undo, bilans keep
 * their copy) but is no longer listed.
 */
export function removeDescriptor(
  doc: Y.Doc,
  frameworkId: string,
  criterionId: string,
  descriptorId: string,
): void {
  const list = criterionMap(doc, frameworkId, criterionId).get('descriptors') as Y.Array<Y.Map<unknown>>
  const index = list.toArray().findIndex((d) => d.get('id') === descriptorId)
  if (index >= 0) list.delete(index, 1)
}

function descriptorMap(
  doc: Y.Doc,
  frameworkId: string,
  criterionId: string,
  descriptorId: string,
): Y.Map<unknown> {
  const found = (criterionMap(doc, frameworkId, criterionId).get('descriptors') as Y.Array<Y.Map<unknown>>)
    .toArray()
    .find((d) => d.get('id') === descriptorId)
  if (!found) throw new Error(`descriptor ${descriptorId} not found`)
  return found
}

/** Positions a descriptor on the framework's scale (null clears it); refuses unknown levels. */
export function setLevel(
  doc: Y.Doc,
  frameworkId: string,
  descriptorId: string,
  levelId: string | null,
): void {
  if (levelId !== null && !scaleOf(doc, frameworkId).levels.some((l) => l.id === levelId)) {
    throw new Error(`level ${levelId} is not on the scale`)
  }
  entryOf(doc, frameworkId, descriptorId).set('level', levelId)
}

/** The shared text of an entry field: bind editors to it, write with insert/delete. */
export function entryText(
  doc: Y.Doc,
  frameworkId: string,
  descriptorId: string,
  field: EntryTextField,
): Y.Text {
  return entryOf(doc, frameworkId, descriptorId).get(field) as Y.Text
}

/** The synthesis of a criterion (one per criterion, created with the grid). */
export function synthesisText(doc: Y.Doc, frameworkId: string, criterionId: string): Y.Text {
  const text = (gridMap(doc, frameworkId).get('syntheses') as Y.Map<Y.Text>).get(criterionId)
  if (!text) throw new Error(`criterion ${criterionId} has no synthesis`)
  return text
}

export function addPreuve(
  doc: Y.Doc,
  frameworkId: string,
  descriptorId: string,
  preuve: Omit<Preuve, 'id'>,
): string {
  const id = newId()
  const map = new Y.Map<unknown>()
  doc.transact(() => {
    ;(entryOf(doc, frameworkId, descriptorId).get('preuves') as Y.Array<Y.Map<unknown>>).push([map])
    map.set('id', id)
    map.set('kind', preuve.kind)
    map.set('label', preuve.label.trim())
    map.set('ref', preuve.ref)
    if (preuve.kind === 'fichier' && preuve.size !== undefined) map.set('size', preuve.size)
  })
  return id
}

export function removePreuve(doc: Y.Doc, frameworkId: string, descriptorId: string, preuveId: string): void {
  const list = entryOf(doc, frameworkId, descriptorId).get('preuves') as Y.Array<Y.Map<unknown>>
  const index = list.toArray().findIndex((p) => p.get('id') === preuveId)
  if (index >= 0) list.delete(index, 1)
}

/** A plain reading of an entry, for views, exports and tests. */
export function readEntry(doc: Y.Doc, frameworkId: string, descriptorId: string): EntryView {
  const entry = entryOf(doc, frameworkId, descriptorId)
  const text = (field: EntryTextField) => (entry.get(field) as Y.Text).toJSON()
  return {
    level: (entry.get('level') as string | null) ?? null,
    constats: text('constats'),
    pointsForts: text('pointsForts'),
    vigilance: text('vigilance'),
    preuves: (entry.get('preuves') as Y.Array<Y.Map<unknown>>).toArray().map((p) => p.toJSON() as Preuve),
    indicatorIds: (entry.get('indicatorIds') as Y.Array<string>).toArray(),
    actionIds: (entry.get('actionIds') as Y.Array<string>).toArray(),
  }
}

export interface CriterionView {
  id: string
  number: string
  title: string
  shortTitle: string
  descriptors: Array<{ id: string; text: string; expectations: string }>
}

/** The criteria and descriptors of a followed framework, as plain data. */
export function readCriteria(doc: Y.Doc, frameworkId: string): CriterionView[] {
  return criteriaOf(doc, frameworkId)
    .toArray()
    .map((c) => ({
      id: c.get('id') as string,
      number: c.get('number') as string,
      title: c.get('title') as string,
      shortTitle: c.get('shortTitle') as string,
      descriptors: (c.get('descriptors') as Y.Array<Y.Map<unknown>>).toArray().map((d) => ({
        id: d.get('id') as string,
        text: d.get('text') as string,
        expectations: (d.get('expectations') as string | undefined) ?? '',
      })),
    }))
}

/** How many descriptors of a criterion are positioned, out of how many. */
export function progress(
  doc: Y.Doc,
  frameworkId: string,
  criterionId: string,
): { positioned: number; total: number } {
  const descriptors = readCriteria(doc, frameworkId).find((c) => c.id === criterionId)?.descriptors ?? []
  const positioned = descriptors.filter((d) => readEntry(doc, frameworkId, d.id).level !== null).length
  return { positioned, total: descriptors.length }
}
