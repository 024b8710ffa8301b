/**
 * Baseline: Hocuspocus with no extensions, in its own process so its CPU is measured apart
 * from the load generator. With `BENCH_STORAGE` set (scenario c, see baseline-storage.ts), an
 * `onLoadDocument` hook applies the stored state, as @hocuspocus/extension-database does with
 * what its `fetch` returns; Hocuspocus unloads a document when its last connection closes.
 */
import { Server } from '@hocuspocus/server'
import * as Y from 'yjs'
import { announce } from './baseline-process.ts'
import { openStorage } from './baseline-storage.ts'

const storage = openStorage()
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  ...(storage && {
    onLoadDocument({ document, documentName }) {
      const state = storage.read(documentName)
      if (state) Y.applyUpdate(document, state)
      return Promise.resolve()
    },
  }),
})
await server.listen()
announce(server.address.port, () => server.hocuspocus.getDocumentsCount())
