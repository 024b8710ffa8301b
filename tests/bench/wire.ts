/**
 * The few pieces of the wire protocols a thin client needs, with lib0's variable-length integers
 * (7 bits per byte, high bit = more). Written out here instead of importing lib0, which the tests
 * workspace does not declare.
 *
 * - Hocuspocus 4: every message is `varString documentName, varUint messageType, payload`; the
 *   client authenticates first, and the server acknowledges each update with a SyncStatus.
 * - y-websocket (y-protocols): `varUint messageType, payload`, one document per socket (named by
 *   the URL path), no authentication, no acknowledgement.
 * - raw relay: y-websocket frames, but the server only rebroadcasts them: no handshake at all.
 */

/** Hocuspocus `MessageType` values used by the benchmark. */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, SyncReply: 4, SyncStatus: 8 } as const

/** y-protocols sync sub-types. */
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const

/** @hocuspocus/common `AuthMessageType`. */
export const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const

const utf8 = new TextEncoder()

/** Appends lib0 varUint / varString / varUint8Array values to a growing byte list. */
export class Writer {
  readonly #bytes: number[] = []

  uint(value: number): this {
    let rest = value
    while (rest > 0x7f) {
      this.#bytes.push(0x80 | (rest & 0x7f))
      rest = Math.floor(rest / 128)
    }
    this.#bytes.push(rest)
    return this
  }

  bytes(value: Uint8Array): this {
    this.uint(value.length)
    for (const byte of value) this.#bytes.push(byte)
    return this
  }

  string(value: string): this {
    return this.bytes(utf8.encode(value))
  }

  toBuffer(): Buffer {
    return Buffer.from(this.#bytes)
  }
}

/** Reads lib0 values from a received frame, front to back. */
export class Reader {
  readonly #data: Uint8Array
  pos = 0

  constructor(data: Uint8Array) {
    this.#data = data
  }

  uint(): number {
    let value = 0
    let scale = 1
    for (;;) {
      const byte = this.#data[this.pos++]
      if (byte === undefined) throw new Error('truncated varUint')
      value += (byte & 0x7f) * scale
      if (byte < 0x80) return value
      scale *= 128
    }
  }

  bytes(): Uint8Array {
    const length = this.uint()
    if (this.pos + length > this.#data.length) throw new Error('truncated varUint8Array')
    const value = this.#data.subarray(this.pos, this.pos + length)
    this.pos += length
    return value
  }

  /** Skips a varString without decoding it (the document name on every frame). */
  skipString(): void {
    this.bytes()
  }
}

/** What the provider sends first: an Auth Token message, token "" when there is no auth. */
export function authFrame(documentName: string, token: string, providerVersion: string): Buffer {
  return new Writer()
    .string(documentName)
    .uint(MessageType.Auth)
    .uint(AuthType.Token)
    .string(token)
    .string(providerVersion)
    .toBuffer()
}

/** A y-protocols sync message (step 1, step 2 or update) wrapped in a Hocuspocus Sync frame. */
export function syncFrame(documentName: string, syncType: number, payload: Uint8Array): Buffer {
  return new Writer().string(documentName).uint(MessageType.Sync).uint(syncType).bytes(payload).toBuffer()
}

/** What a thin client needs to know of a received frame. */
export type Incoming =
  | { kind: 'update'; payloadAt: number }
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2' }
  | { kind: 'ack' }
  | { kind: 'authenticated' }
  | { kind: 'denied' }
  | { kind: 'other' }

/** One way of speaking Yjs over a WebSocket: how frames are built and read. */
export interface WireProtocol {
  name: 'hocuspocus' | 'y-websocket' | 'raw'
  /** The server answers each update with an acknowledgement (Hocuspocus SyncStatus). */
  acks: boolean
  /** The client is ready once authenticated (Hocuspocus); otherwise once synced. */
  authenticates: boolean
  /** There is an initial sync (false for the raw relay: ready as soon as the socket is open). */
  syncs: boolean
  /** The URL a client opens for `documentName` on a server listening at `baseUrl`. */
  url(baseUrl: string, documentName: string): string
  /** Frames sent as soon as the socket is open, in order. */
  hello(documentName: string, stateVector: Uint8Array, providerVersion: string): Buffer[]
  sync(documentName: string, syncType: number, payload: Uint8Array): Buffer
  read(data: Buffer): Incoming
}

function readSync(reader: Reader): Incoming {
  const syncType = reader.uint()
  if (syncType === SyncType.Update) return { kind: 'update', payloadAt: reader.pos }
  if (syncType === SyncType.Step1) return { kind: 'step1', stateVector: reader.bytes() }
  if (syncType === SyncType.Step2) return { kind: 'step2' }
  return { kind: 'other' }
}

export const hocuspocusWire: WireProtocol = {
  name: 'hocuspocus',
  acks: true,
  authenticates: true,
  syncs: true,
  url: (baseUrl) => baseUrl,
  // Same order as HocuspocusProvider.onOpen: the token first, then sync step 1.
  hello: (documentName, stateVector, providerVersion) => [
    authFrame(documentName, '', providerVersion),
    syncFrame(documentName, SyncType.Step1, stateVector),
  ],
  sync: syncFrame,
  read(data) {
    const reader = new Reader(data)
    reader.skipString()
    const type = reader.uint()
    if (type === MessageType.Sync || type === MessageType.SyncReply) return readSync(reader)
    if (type === MessageType.SyncStatus) return { kind: 'ack' }
    if (type === MessageType.Auth) {
      const authType = reader.uint()
      if (authType === AuthType.Authenticated) return { kind: 'authenticated' }
      if (authType === AuthType.PermissionDenied) return { kind: 'denied' }
    }
    return { kind: 'other' }
  },
}

/** A y-protocols sync message as y-websocket frames it: no document name. */
export function ySyncFrame(syncType: number, payload: Uint8Array): Buffer {
  return new Writer().uint(MessageType.Sync).uint(syncType).bytes(payload).toBuffer()
}

function readYFrame(data: Buffer): Incoming {
  const reader = new Reader(data)
  return reader.uint() === MessageType.Sync ? readSync(reader) : { kind: 'other' }
}

export const yWebsocketWire: WireProtocol = {
  name: 'y-websocket',
  acks: false,
  authenticates: false,
  syncs: true,
  url: (baseUrl, documentName) => `${baseUrl}/${encodeURIComponent(documentName)}`,
  // Like y-websocket's WebsocketProvider: sync step 1 on open (the server sends its own too).
  hello: (_documentName, stateVector) => [ySyncFrame(SyncType.Step1, stateVector)],
  sync: (_documentName, syncType, payload) => ySyncFrame(syncType, payload),
  read: readYFrame,
}

export const rawRelayWire: WireProtocol = {
  name: 'raw',
  acks: false,
  authenticates: false,
  syncs: false,
  url: (baseUrl, documentName) => `${baseUrl}/${encodeURIComponent(documentName)}`,
  hello: () => [],
  sync: (_documentName, syncType, payload) => ySyncFrame(syncType, payload),
  read: readYFrame,
}

/** Every protocol by name (worker threads receive the name, not the object). */
export const WIRES: Record<WireProtocol['name'], WireProtocol> = {
  hocuspocus: hocuspocusWire,
  'y-websocket': yWebsocketWire,
  raw: rawRelayWire,
}
