import * as Y from 'yjs'
import { clock, type Recorder } from './measure.ts'
import { MiniWebSocket } from './mini-ws.ts'
import { SyncType, type WireProtocol } from './wire.ts'

export interface ThinClientOptions {
  /** The server's WebSocket base URL; the protocol adds the document to it if it must. */
  url: string
  protocol: WireProtocol
  documentName: string
  /** Position among the run's clients: part of every edit id, and the key it writes. */
  index: number
  clients: number
  recorder: Recorder
  /** Sent in the Auth message like the provider does (informational for the server). */
  providerVersion: string
  /** Session cookie sent with the upgrade, as a browser would. */
  cookie?: string | undefined
  /** Content the client holds before it connects: the initial sync sends it to the server. */
  initialState?: Uint8Array | undefined
}

/** Edit ids are embedded in the update bytes as ASCII `@@<writer>.<seq>@@`. */
const MARK = Buffer.from('@@')
const AT = 0x40
const DOT = 0x2e

/**
 * One simulated collaborator speaking a Yjs wire protocol (Hocuspocus, y-websocket or the raw
 * relay's, see wire.ts) over a minimal WebSocket (mini-ws.ts).
 * It owns a small Y.Doc only to produce genuine Yjs updates for its own edits; it never applies
 * what it receives (that would make the harness, not the server, the bottleneck). Incoming
 * updates are scanned for edit ids instead.
 */
export class ThinClient {
  readonly #options: ThinClientOptions
  readonly #ws: MiniWebSocket
  #onOpen: (() => void) | undefined
  #onError: ((error: Error) => void) | undefined
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
    if (options.initialState) Y.applyUpdate(this.#doc, options.initialState)
    this.#ws = new MiniWebSocket(
      options.protocol.url(options.url, options.documentName),
      options.cookie ? { cookie: options.cookie } : {},
      {
        open: () => this.#onOpen?.(),
        message: (data) => this.#onMessage(data, clock()),
        error: (error) => {
          this.#onError?.(error)
          this.#fail(`client ${options.index}: ${error.message}`)
        },
        close: (code, reason) => {
          if (!this.#closing) this.#fail(`client ${options.index} closed by server: ${code} ${reason}`)
        },
      },
    )
    this.#doc.on('update', (update: Uint8Array) => this.#sendEdit(update))
  }

  get index(): number {
    return this.#options.index
  }

  /** Opens the socket, authenticates (token "") and completes the initial sync, as the protocol has them. */
  connect(timeoutMs: number): Promise<void> {
    const { documentName, providerVersion, index, protocol } = this.#options
    this.#authenticated = !protocol.authenticates
    this.#synced = !protocol.syncs
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`client ${index} not synced in ${timeoutMs} ms`)),
        timeoutMs,
      )
      this.#onReady = () => {
        clearTimeout(timer)
        resolve()
      }
      this.#onError = (error) => {
        clearTimeout(timer)
        reject(error)
      }
      this.#onOpen = () => {
        for (const frame of protocol.hello(documentName, Y.encodeStateVector(this.#doc), providerVersion)) {
          this.#ws.send(frame)
        }
        this.#checkReady()
      }
    })
  }

  /**
   * Edits at a fixed rate from `firstAt` (on `clock()`), rescheduling against the
   * ideal timeline so timer drift does not accumulate.
   */
  startEditing(firstAt: number, periodMs: number, maxEdits: number): void {
    const tick = () => {
      if (this.#closing || this.#seq >= maxEdits) return
      this.#map.set(`w${this.#options.index}`, `@@${this.#options.index}.${this.#seq}@@`)
      this.#timer = setTimeout(tick, Math.max(0, firstAt + this.#seq * periodMs - clock()))
    }
    this.#timer = setTimeout(tick, Math.max(0, firstAt - clock()))
  }

  stopEditing(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  async close(): Promise<void> {
    this.stopEditing()
    this.#closing = true
    // A server that never answers the close handshake must not hold up the next run.
    await this.#ws.close(1000, 2_000)
  }

  #sendEdit(update: Uint8Array): void {
    const seq = this.#seq++
    const { protocol, documentName, recorder, index } = this.#options
    const frame = protocol.sync(documentName, SyncType.Update, update)
    const now = clock()
    recorder.sent(index, seq, now)
    if (protocol.acks) this.#unacked.push(now)
    this.#ws.send(frame)
  }

  #onMessage(data: Buffer, now: number): void {
    const { protocol, documentName, index } = this.#options
    const incoming = protocol.read(data)
    switch (incoming.kind) {
      case 'update':
        this.#scanEditIds(data, incoming.payloadAt, now)
        break
      case 'step1': {
        // The server asks for what it misses; answer like the provider does, with step 2.
        const update = Y.encodeStateAsUpdate(this.#doc, incoming.stateVector)
        if (protocol.acks) this.#unacked.push(null)
        this.#ws.send(protocol.sync(documentName, SyncType.Step2, update))
        break
      }
      case 'step2':
        this.#synced = true
        this.#checkReady()
        break
      case 'ack':
        this.#onAck(now)
        break
      case 'authenticated':
        this.#authenticated = true
        this.#checkReady()
        break
      case 'denied':
        this.#fail(`client ${index}: permission denied`)
        break
      case 'other':
        // Awareness and anything else: not measured.
        break
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
