import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

/**
 * The smallest WebSocket client the benchmark needs (RFC 6455 over a plain `net` socket):
 * binary messages in and out, ping → pong, the close handshake. No extensions, no text
 * messages, no TLS. With hundreds of receivers each getting thousands of messages a second, the
 * harness must cost as little as possible per message: frames are cut out of each TCP read
 * without copying and handed over as views of it, with no stream or event emitter in between.
 * `ws` does much more per message (a Writable stream, events, buffer lists), which made the
 * harness, not the server, the limit at 300 clients.
 */

const Opcode = { Continuation: 0x0, Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const

export interface MiniWebSocketHandlers {
  open(): void
  /** A binary message: a view of the TCP read, valid only during the call. */
  message(data: Buffer): void
  close(code: number, reason: string): void
  error(error: Error): void
}

export class MiniWebSocket {
  readonly #socket: Socket
  readonly #handlers: MiniWebSocketHandlers
  #open = false
  #closed = false
  #closeSent = false
  /** Bytes of an incomplete HTTP response or frame, waiting for the next read. */
  #pending: Buffer | undefined
  /** Fragments of a message sent in several frames (servers rarely do). */
  #fragments: Buffer[] = []

  constructor(url: string, headers: Record<string, string>, handlers: MiniWebSocketHandlers) {
    this.#handlers = handlers
    const target = new URL(url)
    if (target.protocol !== 'ws:') throw new Error(`only ws: URLs are supported, not ${target.protocol}`)
    const port = Number(target.port || 80)
    this.#socket = connect({ host: target.hostname, port, noDelay: true })
    this.#socket.on('connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ]
      this.#socket.write(`${lines.join('\r\n')}\r\n\r\n`)
    })
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    this.#socket.on('error', (error) => {
      if (!this.#closed) this.#handlers.error(error)
    })
    this.#socket.on('close', () => this.#finish(1006, 'connection lost'))
  }

  get isOpen(): boolean {
    return this.#open && !this.#closed
  }

  send(data: Uint8Array): void {
    if (this.isOpen) this.#socket.write(frame(Opcode.Binary, data))
  }

  /** Starts the close handshake; resolves once the server closed too (or after `timeoutMs`). */
  async close(code = 1000, timeoutMs = 2_000): Promise<void> {
    if (this.#closed) return
    const closed = new Promise<void>((resolve) => this.#socket.once('close', () => resolve()))
    if (this.#open) {
      const payload = Buffer.alloc(2)
      payload.writeUInt16BE(code)
      this.#closeSent = true
      this.#socket.write(frame(Opcode.Close, payload))
    } else {
      this.#socket.destroy()
    }
    const timer = setTimeout(() => this.#socket.destroy(), timeoutMs)
    await closed
    clearTimeout(timer)
  }

  terminate(): void {
    this.#socket.destroy()
  }

  #onData(chunk: Buffer): void {
    let data = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk
    this.#pending = undefined
    if (!this.#open) {
      const end = data.indexOf('\r\n\r\n')
      if (end === -1) {
        this.#pending = data
        return
      }
      const status = data.subarray(0, data.indexOf('\r\n')).toString()
      if (!/^HTTP\/1\.1 101 /.test(status)) {
        this.#handlers.error(new Error(`upgrade refused: ${status}`))
        this.#socket.destroy()
        return
      }
      this.#open = true
      this.#handlers.open()
      data = data.subarray(end + 4)
    }
    let at = 0
    while (at < data.length) {
      const used = this.#readFrame(data, at)
      if (used === 0) break
      at += used
    }
    if (at < data.length) this.#pending = data.subarray(at)
  }

  /** Handles the frame at `at`; returns its length, or 0 when it is not complete yet. */
  #readFrame(data: Buffer, at: number): number {
    if (data.length - at < 2) return 0
    const first = data[at]!
    const second = data[at + 1]!
    let length = second & 0x7f
    let header = 2
    if (length === 126) {
      if (data.length - at < 4) return 0
      length = data.readUInt16BE(at + 2)
      header = 4
    } else if (length === 127) {
      if (data.length - at < 10) return 0
      length = data.readUInt32BE(at + 2) * 2 ** 32 + data.readUInt32BE(at + 6)
      header = 10
    }
    const masked = (second & 0x80) !== 0
    if (masked) header += 4
    if (data.length - at < header + length) return 0
    const payload = data.subarray(at + header, at + header + length)
    if (masked) {
      const key = data.subarray(at + header - 4, at + header)
      for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ key[i & 3]!
    }
    this.#onFrame(first & 0x0f, (first & 0x80) !== 0, payload)
    return header + length
  }

  #onFrame(opcode: number, fin: boolean, payload: Buffer): void {
    switch (opcode) {
      case Opcode.Binary:
      case Opcode.Text:
      case Opcode.Continuation: {
        if (!fin || this.#fragments.length > 0) {
          // Fragments are views of reads that will be reused: keep copies.
          this.#fragments.push(Buffer.from(payload))
          if (!fin) return
          const whole = Buffer.concat(this.#fragments)
          this.#fragments = []
          if (opcode !== Opcode.Text) this.#handlers.message(whole)
          return
        }
        if (opcode === Opcode.Binary) this.#handlers.message(payload)
        return
      }
      case Opcode.Ping:
        this.#socket.write(frame(Opcode.Pong, payload))
        return
      case Opcode.Close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
        const reason = payload.subarray(2).toString()
        // Answer a close the server started; ours already went out.
        if (this.#closeSent) this.#socket.end()
        else this.#socket.end(frame(Opcode.Close, payload.subarray(0, 2)))
        this.#closeSent = true
        this.#finish(code, reason)
        return
      }
      default:
        return
    }
  }

  #finish(code: number, reason: string): void {
    if (this.#closed) return
    this.#closed = true
    this.#handlers.close(code, reason)
  }
}

/**
 * A client frame. Clients must mask their frames; the key is all zeros, which leaves the payload
 * as it is (servers accept any key, and nothing here needs protecting from proxies).
 */
function frame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10
  const out = Buffer.allocUnsafe(header + 4 + length)
  out[0] = 0x80 | opcode
  if (length < 126) {
    out[1] = 0x80 | length
  } else if (length < 65_536) {
    out[1] = 0x80 | 126
    out.writeUInt16BE(length, 2)
  } else {
    out[1] = 0x80 | 127
    out.writeUInt32BE(Math.floor(length / 2 ** 32), 2)
    out.writeUInt32BE(length >>> 0, 6)
  }
  out.writeUInt32BE(0, header)
  out.set(payload, header + 4)
  return out
}
