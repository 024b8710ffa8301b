import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { waitUntil } from './wait.ts'

export interface TestClient {
  doc: Y.Doc
  provider: HocuspocusProvider
  socket: HocuspocusProviderWebsocket
  /** Resolves when the server acknowledged every local change. */
  settled(): Promise<void>
  destroy(): void
}

/** A real HocuspocusProvider client in Node, on its own socket, synced before it resolves. */
export async function connectClient(wsUrl: string, name: string): Promise<TestClient> {
  const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket, maxAttempts: 1 })
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc })
  provider.attach()
  await waitUntil(() => provider.isSynced, { message: `client synced on ${name}` })
  return {
    doc,
    provider,
    socket,
    settled: () => waitUntil(() => provider.unsyncedChanges === 0, { message: 'edits acknowledged' }),
    destroy() {
      provider.destroy()
      socket.destroy()
    },
  }
}
