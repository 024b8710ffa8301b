/**
 * Baseline: Hocuspocus with no extensions, in its own process so its CPU is measured apart
 * from the load generator.
 */
import { Server } from '@hocuspocus/server'
import { announce } from './baseline-process.ts'

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true })
await server.listen()
announce(server.address.port, () => server.hocuspocus.getDocumentsCount())
