import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

const SYNC = 0
const SYNC_STEP_2 = 1
const SYNC_UPDATE = 2

/**
 * Every JSON value a client was ever sent for a document, overwritten ones included: the Yjs
 * updates in the raw frames it received, applied to a document that keeps deleted content. What
 * is not in this list never reached the client, whatever its UI shows or hides.
 */
export function valuesEverReceived(frames: Uint8Array[], documentName: string): unknown[] {
  const doc = new Y.Doc({ gc: false })
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarString(decoder) !== documentName) continue
    if (decoding.readVarUint(decoder) !== SYNC) continue
    const step = decoding.readVarUint(decoder)
    if (step === SYNC_STEP_2 || step === SYNC_UPDATE) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  }
  const values: unknown[] = []
  for (const structs of doc.store.clients.values())
    for (const struct of structs)
      if (
        struct instanceof Y.Item &&
        (struct.content instanceof Y.ContentAny || struct.content instanceof Y.ContentJSON)
      )
        values.push(...(struct.content.getContent() as unknown[]))
  return values
}

/** The same values as text, to search for a name or a level that must not be there. */
export const receivedText = (frames: Uint8Array[], documentName: string) =>
  JSON.stringify(valuesEverReceived(frames, documentName))
