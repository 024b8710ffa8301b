import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { waitUntil } from './wait.ts'

/** Hocuspocus message types and auth sub-types, as on the wire. */
export const Wire = {
  Sync: 0,
  Auth: 2,
  SyncStatus: 8,
  AuthToken: 0,
  AuthPermissionDenied: 1,
  AuthAuthenticated: 2,
  SyncUpdate: 2,
} as const

/** A bare WebSocket speaking (or abusing) the Hocuspocus protocol, for hostile-input tests. */
export interface RawSocket {
  ws: WebSocket
  closed: Promise<{ code: number; reason: string }>
  received: Uint8Array[]
  send(data: Uint8Array | string): void
  /** Sends the auth message for a document and waits for the server's answer. */
  authenticate(documentName: string): Promise<void>
  /** The same, resolving to what the server answered. */
  tryAuthenticate(documentName: string): Promise<'authenticated' | 'denied'>
}

export function frame(documentName: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, documentName)
  write(e)
  return encoding.toUint8Array(e)
}

/** Opens a bare socket, optionally with a session cookie and an Origin header. */
export async function openRawSocket(
  wsUrl: string,
  headers: { cookie?: string; origin?: string } = {},
): Promise<RawSocket> {
  const ws = new WebSocket(wsUrl, { headers })
  ws.binaryType = 'arraybuffer'
  const received: Uint8Array[] = []
  ws.on('message', (data: ArrayBuffer) => received.push(new Uint8Array(data)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const socket: RawSocket = {
    ws,
    closed,
    received,
    send: (data) => ws.send(data),
    async authenticate(documentName) {
      const before = received.length
      ws.send(
        frame(documentName, (e) => {
          encoding.writeVarUint(e, Wire.Auth)
          encoding.writeVarUint(e, Wire.AuthToken)
          encoding.writeVarString(e, '')
        }),
      )
      await waitUntil(() => received.length > before, { message: 'authentication answer' })
    },
    async tryAuthenticate(documentName) {
      await socket.authenticate(documentName)
      const decoder = decoding.createDecoder(received.at(-1) ?? new Uint8Array())
      decoding.readVarString(decoder)
      if (decoding.readVarUint(decoder) !== Wire.Auth) throw new Error('the answer is not an auth message')
      return decoding.readVarUint(decoder) === Wire.AuthAuthenticated ? 'authenticated' : 'denied'
    },
  }
  return socket
}
