/**
 * Baseline: the y-websocket reference server (@y/websocket-server), as its own bin runs it: a
 * `ws` server handing every connection to `setupWSConnection`, the document named by the URL
 * path. By default no persistence (YPERSISTENCE unset), so it keeps documents for the life of the
 * process. With `BENCH_STORAGE` set (scenario c, see baseline-storage.ts), its persistence hook
 * loads the stored state in `bindState` when a document is created, and the server then drops
 * the document when its last connection closes. `bindState` is not awaited by the server before
 * it syncs, so the read must be synchronous (it is: node:sqlite). `writeState` writes nothing:
 * the benchmark changes no document.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { docs, setPersistence, setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { announce } from './baseline-process.ts'
import { openStorage } from './baseline-storage.ts'

const storage = openStorage()
if (storage) {
  setPersistence({
    provider: null,
    bindState(name, doc) {
      const state = storage.read(name)
      if (state) Y.applyUpdate(doc, state)
    },
    writeState: () => Promise.resolve(),
  })
}

const wss = new WebSocketServer({ noServer: true })
const server = createServer((_request, response) => response.writeHead(404).end())
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
announce((server.address() as AddressInfo).port, () => docs.size)
