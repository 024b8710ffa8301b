/**
 * The few pieces of the Hocuspocus 4 wire protocol a thin client needs. Every message is
 * `varString documentName, varUint messageType, payload`, with lib0's variable-length
 * integers (7 bits per byte, high bit = more). Written out here instead of importing lib0,
 * which the tests workspace does not declare.
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
