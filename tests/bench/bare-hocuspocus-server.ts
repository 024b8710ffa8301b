/**
 * Baseline: Hocuspocus with no extensions, in its own process so its CPU is measured apart
 * from the load generator. Prints `{"port":<n>}` on one stdout line once listening.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true })
await server.listen()
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`)
