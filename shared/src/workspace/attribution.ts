import type * as Y from 'yjs'
import type { Attribution } from './schema.ts'

/** Key of the attribution of one entry field: `grid:<frameworkId>:<descriptorId>:<field>`. */
export const entryAttributionKey = (frameworkId: string, descriptorId: string, field: string) =>
  `grid:${frameworkId}:${descriptorId}:${field}`

/** Key of the attribution of a criterion's synthesis. */
export const synthesisAttributionKey = (frameworkId: string, criterionId: string) =>
  `synthesis:${frameworkId}:${criterionId}:synthese`

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
  const grids = doc.getMap<Y.Map<unknown>>('grids')
  for (const [type, changedKeys] of changed) {
    // Path below `grids`, e.g. ['<fw>', 'entries', '<descriptor>', 'constats'].
    const path: string[] = []
    let node: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>
    while (node !== grids) {
      const item = node._item
      if (!item) break
      if (typeof item.parentSub === 'string') path.unshift(item.parentSub)
      node = item.parent as Y.AbstractType<unknown>
    }
    if (node !== grids) continue
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
