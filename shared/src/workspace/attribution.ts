import type * as Y from 'yjs'
import type { Attribution } from './schema.ts'

/** Key of the attribution of one entry field: `grid:<frameworkId>:<descriptorId>:<field>`. */
export const entryAttributionKey = (frameworkId: string, descriptorId: string, field: string) =>
  `grid:${frameworkId}:${descriptorId}:${field}`

/** Key of the attribution of a criterion's synthesis. */
export const synthesisAttributionKey = (frameworkId: string, criterionId: string) =>
  `synthesis:${frameworkId}:${criterionId}:synthese`

/** Key of the attribution of an action's field (`record` for the action as a whole). */
export const actionAttributionKey = (actionId: string, field: string) => `action:${actionId}:${field}`

/** Key of the attribution of an indicator's field (`record` for the indicator as a whole). */
export const indicatorAttributionKey = (indicatorId: string, field: string) =>
  `indicator:${indicatorId}:${field}`

/** Collections of items whose fields carry attributions like grid entries do. */
const ITEM_COLLECTIONS = { actions: actionAttributionKey, indicators: indicatorAttributionKey } as const

/** Who changed a field last and when ("modifié par X à HH:MM"), if known. */
export function attributionOf(doc: Y.Doc, key: string): Attribution | undefined {
  return doc.getMap<Attribution>('attributions').get(key)
}

/**
 * The attribution keys a transaction touches (`transaction.changed`: each changed type with the
 * map keys that changed), found by walking each type up to its grid entry or synthesis. Used by
 * the server, which writes attributions itself from the connection's session: clients cannot
 * claim someone else's name.
 */
export function changedAttributionKeys(doc: Y.Doc, changed: Y.Transaction['changed']): Set<string> {
  const keys = new Set<string>()
  const grids = doc.getMap('grids')
  const collections = new Map<unknown, (id: string, field: string) => string>(
    Object.entries(ITEM_COLLECTIONS).map(([name, keyOf]) => [doc.getMap(name), keyOf]),
  )
  for (const [type, changedKeys] of changed) {
    const { root, path } = pathFromRoot(type as Y.AbstractType<unknown>)
    const itemKeyOf = collections.get(root)
    if (itemKeyOf) {
      // ['<id>', '<field>']; a change of the collection itself adds or removes whole items.
      const [id, field] = path
      if (!id) for (const key of changedKeys) if (key) keys.add(itemKeyOf(key, 'record'))
      if (!id) continue
      if (field) keys.add(itemKeyOf(id, field))
      else for (const key of changedKeys) if (key) keys.add(itemKeyOf(id, key))
      continue
    }
    if (root !== grids) continue
    // ['<fw>', 'entries', '<descriptor>', 'constats'].
    const [frameworkId, section, id, field] = path
    if (!frameworkId || !id) continue
    if (section === 'syntheses') keys.add(synthesisAttributionKey(frameworkId, id))
    if (section !== 'entries') continue
    // A change inside a field (text, preuves) names it; a change of the entry's own keys (level).
    if (field) keys.add(entryAttributionKey(frameworkId, id, field))
    else for (const key of changedKeys) if (key) keys.add(entryAttributionKey(frameworkId, id, key))
  }
  return keys
}

/** The root type a nested type belongs to, and the map keys leading from it down to the type. */
function pathFromRoot(type: Y.AbstractType<unknown>): { root: unknown; path: string[] } {
  const path: string[] = []
  let node = type
  for (;;) {
    const item = node._item
    if (!item) return { root: node, path }
    if (typeof item.parentSub === 'string') path.unshift(item.parentSub)
    node = item.parent as Y.AbstractType<unknown>
  }
}
