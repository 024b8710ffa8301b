/**
 * Baseline: the y-websocket reference server (@y/websocket-server), as its own bin runs it: a
 * `ws` server handing every connection to `setupWSConnection`, the document named by the URL
 * path. No persistence (YPERSISTENCE unset), so it keeps documents for the life of the process.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { docs, setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'
import { announce } from './baseline-process.ts'

const wss = new WebSocketServer({ noServer: true })
const server = createServer((_request, response) => response.writeHead(404).end())
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
announce((server.address() as AddressInfo).port, () => docs.size)
