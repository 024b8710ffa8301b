/**
 * Baseline, the floor: a raw `ws` server that rebroadcasts every binary message, unchanged and
 * unmerged, to the other sockets of the same room (the URL path), and does nothing else — no Yjs,
 * no document. Like Hocuspocus 4 (which merges the updates of one event-loop turn), it does not
 * pay one system call per message: the sockets it writes to are corked until the end of the
 * turn, so the frames of a burst leave in one write per socket.
 *
 * With `BENCH_STORAGE` set (scenario c, see baseline-storage.ts), it is also the floor of a cold
 * load: each new connection is sent the stored state of its room, as is, in one binary message
 * (read per connection: it holds nothing in memory).
 */
import type { Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { announce } from './baseline-process.ts'
import { openStorage } from './baseline-storage.ts'

interface Peer {
  ws: WebSocket
  socket: Socket
}

const storage = openStorage()
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
  if (storage) {
    const state = storage.read(decodeURIComponent(name.slice(1).split('?')[0] ?? ''))
    if (state) ws.send(state)
  }
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
