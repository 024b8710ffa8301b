/**
 * Opening a document until "synced", for the servers that do not speak Hocuspocus (scenario c;
 * Hocuspocus servers are opened with a real HocuspocusProvider, see `openProvider`). Each client
 * stops where its real client would say "synced", and does the same work as the provider until
 * then: the received state is applied to a Y.Doc. The bytes counted are the payloads of every
 * message received until then, as `openProvider` counts them.
 * - y-websocket: y-protocols as y-websocket's WebsocketProvider speaks it — sync step 1 on open,
 *   the server's step 1 answered with a step 2, synced on the server's step 2 (applied first), as
 *   the provider's `synced`;
 * - raw: the relay with storage sends the stored state, as is, as the first message: synced once
 *   it is applied.
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { MessageType, Reader, SyncType, ySyncFrame } from './wire.ts'

export interface Opened {
  doc: Y.Doc
  /** Socket created → synced. */
  syncedMs: number
  bytesAtSync: number
  destroy(): void
}

export function openUntilSynced(
  kind: 'y-websocket' | 'raw',
  url: string,
  timeoutMs = 15_000,
): Promise<Opened> {
  const start = performance.now()
  const socket = new WebSocket(url)
  const doc = new Y.Doc()
  const destroy = () => {
    socket.close()
    doc.destroy()
  }
  let bytes = 0
  let synced = false
  return new Promise<Opened>((resolve, reject) => {
    const fail = (error: Error) => {
      if (synced) return
      synced = true
      clearTimeout(timer)
      socket.terminate()
      reject(error)
    }
    const done = () => {
      synced = true
      clearTimeout(timer)
      resolve({ doc, syncedMs: performance.now() - start, bytesAtSync: bytes, destroy })
    }
    const timer = setTimeout(() => fail(new Error(`${url} not synced in ${timeoutMs} ms`)), timeoutMs)
    socket.on('error', fail)
    socket.on('close', (code) => fail(new Error(`${url} closed (${code}) before it was synced`)))
    socket.on('open', () => {
      if (kind === 'y-websocket') socket.send(ySyncFrame(SyncType.Step1, Y.encodeStateVector(doc)))
    })
    socket.on('message', (data: Buffer) => {
      if (synced) return
      bytes += data.byteLength
      if (kind === 'raw') {
        Y.applyUpdate(doc, data)
        done()
        return
      }
      const reader = new Reader(data)
      if (reader.uint() !== MessageType.Sync) return // awareness: not needed to be synced
      const syncType = reader.uint()
      const payload = reader.bytes()
      if (syncType === SyncType.Step1) {
        socket.send(ySyncFrame(SyncType.Step2, Y.encodeStateAsUpdate(doc, payload)))
        return
      }
      Y.applyUpdate(doc, payload)
      if (syncType === SyncType.Step2) done()
    })
  })
}
