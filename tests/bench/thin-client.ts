import WebSocket from 'ws'
import * as Y from 'yjs'
import type { Recorder } from './measure.ts'
import { AuthType, MessageType, Reader, SyncType, authFrame, syncFrame } from './wire.ts'

export interface ThinClientOptions {
  url: string
  documentName: string
  /** Position among the run's clients: part of every edit id, and the key it writes. */
  index: number
  clients: number
  recorder: Recorder
  /** Sent in the Auth message like the provider does (informational for the server). */
  providerVersion: string
  /** Session cookie sent with the upgrade, as a browser would. */
  cookie?: string | undefined
}

/** Edit ids are embedded in the update bytes as ASCII `@@<writer>.<seq>@@`. */
const MARK = Buffer.from('@@')
const AT = 0x40
const DOT = 0x2e

/**
 * One simulated collaborator speaking the Hocuspocus 4 wire protocol over a raw `ws` socket.
 * It owns a small Y.Doc only to produce genuine Yjs updates for its own edits; it never applies
 * what it receives (that would make the harness, not the server, the bottleneck). Incoming
 * updates are scanned for edit ids instead.
 */
export class ThinClient {
  readonly #options: ThinClientOptions
  readonly #ws: WebSocket
  readonly #doc = new Y.Doc()
  readonly #map = this.#doc.getMap<string>('bench')
  /** Send times of our frames awaiting a SyncStatus, in order (null: not an edit). */
  readonly #unacked: (number | null)[] = []
  /** Highest seq seen per writer: ignores an id seen twice (e.g. in a merged update). */
  readonly #lastSeq: Int32Array
  #seq = 0
  #timer: NodeJS.Timeout | undefined
  #authenticated = false
  #synced = false
  #onReady: (() => void) | undefined
  #closing = false

  constructor(options: ThinClientOptions) {
    this.#options = options
    this.#lastSeq = new Int32Array(options.clients).fill(-1)
    this.#ws = new WebSocket(options.url, {
      perMessageDeflate: false,
      headers: options.cookie ? { cookie: options.cookie } : {},
    })
    this.#ws.on('message', (data) => this.#onMessage(toBuffer(data), performance.now()))
    this.#ws.on('error', (error) => this.#fail(`client ${options.index}: ${error.message}`))
    this.#ws.on('close', (code, reason) => {
      if (!this.#closing) this.#fail(`client ${options.index} closed by server: ${code} ${reason.toString()}`)
    })
    this.#doc.on('update', (update: Uint8Array) => this.#sendEdit(update))
  }

  /** Opens the socket, authenticates (token "") and completes the initial sync. */
  connect(timeoutMs: number): Promise<void> {
    const { documentName, providerVersion, index } = this.#options
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`client ${index} not synced in ${timeoutMs} ms`)),
        timeoutMs,
      )
      this.#onReady = () => {
        clearTimeout(timer)
        resolve()
      }
      this.#ws.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      this.#ws.once('open', () => {
        // Same order as HocuspocusProvider.onOpen: the token first, then sync step 1.
        this.#ws.send(authFrame(documentName, '', providerVersion))
        this.#ws.send(syncFrame(documentName, SyncType.Step1, Y.encodeStateVector(this.#doc)))
      })
    })
  }

  /**
   * Edits at a fixed rate from `firstAt` (performance.now() time), rescheduling against the
   * ideal timeline so timer drift does not accumulate.
   */
  startEditing(firstAt: number, periodMs: number, maxEdits: number): void {
    const tick = () => {
      if (this.#closing || this.#seq >= maxEdits) return
      this.#map.set(`w${this.#options.index}`, `@@${this.#options.index}.${this.#seq}@@`)
      this.#timer = setTimeout(tick, Math.max(0, firstAt + this.#seq * periodMs - performance.now()))
    }
    this.#timer = setTimeout(tick, Math.max(0, firstAt - performance.now()))
  }

  stopEditing(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  async close(): Promise<void> {
    this.stopEditing()
    this.#closing = true
    if (this.#ws.readyState === WebSocket.CLOSED) return
    const closed = new Promise<boolean>((resolve) => this.#ws.once('close', () => resolve(true)))
    this.#ws.close(1000)
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref())
    // A server that never answers the close handshake must not hold up the next run.
    if (!(await Promise.race([closed, timeout]))) this.#ws.terminate()
  }

  #sendEdit(update: Uint8Array): void {
    const seq = this.#seq++
    const frame = syncFrame(this.#options.documentName, SyncType.Update, update)
    const now = performance.now()
    this.#options.recorder.sent(this.#options.index, seq, now)
    this.#unacked.push(now)
    this.#ws.send(frame)
  }

  #onMessage(data: Buffer, now: number): void {
    const reader = new Reader(data)
    reader.skipString()
    const type = reader.uint()
    if (type === MessageType.Sync || type === MessageType.SyncReply) this.#onSync(reader, data, now)
    else if (type === MessageType.SyncStatus) this.#onAck(now)
    else if (type === MessageType.Auth) this.#onAuth(reader)
    // Awareness and anything else: not measured.
  }

  #onSync(reader: Reader, data: Buffer, now: number): void {
    const syncType = reader.uint()
    if (syncType === SyncType.Update) {
      this.#scanEditIds(data, reader.pos, now)
    } else if (syncType === SyncType.Step1) {
      // The server asks for what it misses; answer like the provider does, with step 2.
      const update = Y.encodeStateAsUpdate(this.#doc, reader.bytes())
      this.#unacked.push(null)
      this.#ws.send(syncFrame(this.#options.documentName, SyncType.Step2, update))
    } else if (syncType === SyncType.Step2) {
      this.#synced = true
      this.#checkReady()
    }
  }

  #onAuth(reader: Reader): void {
    const authType = reader.uint()
    if (authType === AuthType.Authenticated) {
      this.#authenticated = true
      this.#checkReady()
    } else if (authType === AuthType.PermissionDenied) {
      this.#fail(`client ${this.#options.index}: permission denied`)
    }
  }

  #onAck(now: number): void {
    const sentAt = this.#unacked.shift()
    if (typeof sentAt === 'number') this.#options.recorder.acked(sentAt, now)
  }

  #checkReady(): void {
    if (!this.#authenticated || !this.#synced) return
    this.#onReady?.()
    this.#onReady = undefined
  }

  /** Finds every `@@<writer>.<seq>@@` in the frame and reports it once. */
  #scanEditIds(data: Buffer, from: number, now: number): void {
    for (let at = data.indexOf(MARK, from); at !== -1; at = data.indexOf(MARK, at + 2)) {
      const writer = readDigits(data, at + 2)
      if (writer.end === at + 2 || data[writer.end] !== DOT) continue
      const seq = readDigits(data, writer.end + 1)
      if (seq.end === writer.end + 1 || data[seq.end] !== AT || data[seq.end + 1] !== AT) continue
      at = seq.end
      if (writer.value === this.#options.index) continue // our own edit, echoed back
      const last = this.#lastSeq[writer.value]
      if (last === undefined || seq.value <= last) continue
      this.#lastSeq[writer.value] = seq.value
      this.#options.recorder.received(writer.value, seq.value, now)
    }
  }

  #fail(message: string): void {
    if (!this.#closing) this.#options.recorder.errors.push(message)
  }
}

function readDigits(data: Buffer, start: number): { value: number; end: number } {
  let value = 0
  let end = start
  for (let byte = data[end]; byte !== undefined && byte >= 0x30 && byte <= 0x39; byte = data[++end]) {
    value = value * 10 + (byte - 0x30)
  }
  return { value, end }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
}
