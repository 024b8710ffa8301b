/**
 * Baseline, the floor: a raw `ws` server that rebroadcasts every binary message, unchanged and
 * unmerged, to the other sockets of the same room (the URL path), and does nothing else — no Yjs,
 * no document. Like Hocuspocus 4 (which merges the updates of one event-loop turn), it does not
 * pay one system call per message: the sockets it writes to are corked until the end of the
 * turn, so the frames of a burst leave in one write per socket.
 */
import type { Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { announce } from './baseline-process.ts'

interface Peer {
  ws: WebSocket
  socket: Socket
}

const rooms = new Map<string, Set<Peer>>()
const corked = new Set<Socket>()

function uncorkAll(): void {
  for (const socket of corked) socket.uncork()
  corked.clear()
}

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
wss.on('connection', (ws, request) => {
  const name = request.url ?? '/'
  let room = rooms.get(name)
  if (room === undefined) rooms.set(name, (room = new Set()))
  const peers = room
  const self: Peer = { ws, socket: request.socket }
  peers.add(self)
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return
    for (const peer of peers) {
      if (peer === self || peer.ws.readyState !== peer.ws.OPEN) continue
      if (!corked.has(peer.socket)) {
        if (corked.size === 0) setImmediate(uncorkAll)
        peer.socket.cork()
        corked.add(peer.socket)
      }
      peer.ws.send(data)
    }
  })
  ws.on('close', () => {
    peers.delete(self)
    if (peers.size === 0) rooms.delete(name)
  })
  ws.on('error', () => ws.terminate())
})
await new Promise<void>((resolve) => wss.once('listening', resolve))
const address = wss.address()
if (address === null || typeof address === 'string') throw new Error('the relay is not on a TCP port')
announce(address.port, () => null)
