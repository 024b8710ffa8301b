import * as Y from 'yjs'

/**
 * The items of a keyed collection (`actions`, `indicators`: id → Y.Map) that one transaction
 * touched, from the events of `root.observeDeep`, each with the previous values of the item's own
 * keys that changed (new items have none). What the server needs to repair a client's change.
 */
export function touchedItems(
  root: Y.Map<unknown>,
  events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>,
): Map<string, Map<string, unknown>> {
  const touched = new Map<string, Map<string, unknown>>()
  const oldValuesOf = (id: string) => {
    let values = touched.get(id)
    if (!values) touched.set(id, (values = new Map<string, unknown>()))
    return values
  }
  for (const event of events) {
    if (event.target === root) {
      for (const id of event.changes.keys.keys()) oldValuesOf(id)
      continue
    }
    const [id] = event.path
    if (typeof id !== 'string') continue
    const values = oldValuesOf(id)
    // The item's own keys (état, pilote…); deeper events (a text, a set) only mark it touched.
    if (event.path.length === 1 && event.target instanceof Y.Map) {
      for (const [key, change] of event.changes.keys) if (!values.has(key)) values.set(key, change.oldValue)
    }
  }
  return touched
}
