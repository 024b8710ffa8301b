import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { Wire } from './raw-socket.ts'

/**
 * A seeded generator of hostile Hocuspocus/Yjs WebSocket frames (tests/integration/hostile-fuzz).
 * Every frame is built from the PRNG alone, so a failing run replays from its seed.
 */

export type Rng = () => number

/** Who a fuzzing socket claims to be: the cookie sent with its upgrade. */
export type Identity = 'none' | 'bogus' | 'owner' | 'reader' | 'guest' | 'attacker'

/** The document names the fuzzer aims at, and who may write which. */
export interface FrameTargets {
  /** Real documents: the owner's établissement (notes, school year, séance) and the attacker's. */
  real: string[]
  /** Names that are well formed but lead nowhere, or to someone else's documents. */
  foreign: string[]
  /** Whether `identity` has read-write access to `documentName` (updates there would be stored). */
  writable(identity: Identity, documentName: string): boolean
  /** The largest frame the server accepts (MAX_MESSAGE_BYTES). */
  maxMessageBytes: number
}

export interface HostileFrame {
  /** Category, for the summary. */
  kind: string
  data: Uint8Array | string
}

const MESSAGE = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, Stateless: 5, Broadcast: 6, Close: 7 }
const SYNC = { Step1: 0, Step2: 1, Update: 2 }

export const int = (rng: Rng, n: number) => Math.floor(rng() * n)
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!

export function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = int(rng, 256)
  return bytes
}

/** Document names no server should accept, or should route nowhere harmful. */
export const INVALID_NAMES = [
  '',
  ' ',
  '../../etc/passwd',
  'ETAB:X:NOTES',
  'etab::notes',
  'etab:x',
  'etab:x:notes:extra',
  'a'.repeat(129),
  'a'.repeat(4000),
  'étab:é:notes',
  'etab:\u202enotes',
  '\u0000',
  'etab:x:notes\u0000',
  'etab:x:annee:2025-2027',
  'etab:x:annee:../../',
  'etab:x:seance:',
  'etab:x:seance:a/b',
  '__proto__',
  'constructor',
  'null',
  '\uD800',
]

/** A frame: the document name (or raw bytes standing for it), then the message body. */
function message(name: string | Uint8Array, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  if (typeof name === 'string') encoding.writeVarString(e, name)
  else encoding.writeUint8Array(e, name)
  write(e)
  return encoding.toUint8Array(e)
}

export function authFrame(name: string, token = ''): Uint8Array {
  return message(name, (e) => {
    encoding.writeVarUint(e, Wire.Auth)
    encoding.writeVarUint(e, Wire.AuthToken)
    encoding.writeVarString(e, token)
  })
}

/** A valid Yjs update written by a stranger: random text, map entries and deletions. */
export function validUpdate(rng: Rng): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = 1 + int(rng, 2 ** 30)
  const text = doc.getText(pick(rng, ['constats', 'synthese', 'notes', 'x']))
  const map = doc.getMap(pick(rng, ['grid', 'plan', 'live', 'meta']))
  const edits = 1 + int(rng, 6)
  for (let i = 0; i < edits; i++) {
    const roll = rng()
    if (roll < 0.4)
      text.insert(int(rng, text.length + 1), pick(rng, ['Intrus', '<script>', '\u0000', 'é'.repeat(50)]))
    else if (roll < 0.8) map.set(`k${int(rng, 50)}`, pick(rng, ['Atteint', 42, null, { nested: [1, 2] }]))
    else if (text.length > 0) text.delete(0, 1 + int(rng, text.length))
  }
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Whether Yjs can decode the bytes as an update (the server's own test before logging one). */
export function isDecodableUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update)
    return true
  } catch {
    return false
  }
}

/** A valid update with garbage spliced in; undecodable when `mustBeUndecodable` (writable targets). */
function garbledUpdate(rng: Rng, mustBeUndecodable: boolean): Uint8Array {
  for (let attempt = 0; attempt < 20; attempt++) {
    const update = validUpdate(rng)
    const garbled = new Uint8Array(update)
    const flips = 1 + int(rng, 4)
    for (let i = 0; i < flips; i++) garbled[int(rng, garbled.length)] = int(rng, 256)
    const cut = rng() < 0.3 ? garbled.subarray(0, int(rng, garbled.length)) : garbled
    if (!mustBeUndecodable || !isDecodableUpdate(cut)) return cut
  }
  // Known undecodable (hostile-frames H4).
  return new Uint8Array([5, 200, 1, 3, 250, 250, 250, 9])
}

/** Bytes that read as a huge or "negative" varUint length: 5–10 continuation bytes. */
function hugeVarUint(rng: Rng): Uint8Array {
  const e = encoding.createEncoder()
  const roll = rng()
  if (roll < 0.3) encoding.writeVarUint(e, 2 ** 32 + int(rng, 1000))
  else if (roll < 0.5) encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER)
  else if (roll < 0.7) encoding.writeVarInt(e, -1 - int(rng, 1000))
  else encoding.writeUint8Array(e, new Uint8Array(Array.from({ length: 5 + int(rng, 6) }, () => 0xff)))
  return encoding.toUint8Array(e)
}

function awarenessPayload(rng: Rng): Uint8Array {
  if (rng() < 0.4) return randomBytes(rng, int(rng, 64))
  const e = encoding.createEncoder()
  const entries = rng() < 0.2 ? 2 ** 20 : 1 + int(rng, 3)
  encoding.writeVarUint(e, entries)
  for (let i = 0; i < Math.min(entries, 3); i++) {
    // Client ids chosen by the fuzzer, never the honest clients' (Yjs picks 32-bit random ones).
    encoding.writeVarUint(e, 7 + int(rng, 1000))
    encoding.writeVarUint(e, rng() < 0.2 ? 2 ** 40 : int(rng, 100))
    encoding.writeVarString(
      e,
      pick(rng, [
        '{"user":{"name":"Intrus"}}',
        '{"user":',
        'null',
        '[]',
        '{"__proto__":{"admin":true}}',
        JSON.stringify({ user: { name: 'x'.repeat(2000) } }),
        '\u0000',
      ]),
    )
  }
  return encoding.toUint8Array(e)
}

/**
 * One hostile frame for a socket of `identity`, addressed mostly to `focus` (the document it
 * authenticated for, if any). Valid-looking updates only go where they must be refused; where
 * the identity could write, updates are garbled beyond decoding, so nothing honest is stored.
 */
export function hostileFrame(
  rng: Rng,
  targets: FrameTargets,
  identity: Identity,
  focus?: string,
): HostileFrame {
  const name = (): string => {
    const roll = rng()
    if (focus && roll < 0.6) return focus
    if (roll < 0.8) return pick(rng, targets.real)
    if (roll < 0.9) return pick(rng, targets.foreign)
    return pick(rng, INVALID_NAMES)
  }
  const roll = rng()
  if (roll < 0.1) return { kind: 'random bytes', data: randomBytes(rng, int(rng, rng() < 0.8 ? 64 : 4000)) }
  if (roll < 0.18) {
    // A well-formed message cut short at a random byte.
    const doc = name()
    const whole = pick(rng, [
      () => authFrame(doc, 'x'.repeat(int(rng, 40))),
      () =>
        message(
          doc,
          (e) => (
            encoding.writeVarUint(e, MESSAGE.Sync),
            encoding.writeVarUint(e, SYNC.Update),
            encoding.writeVarUint8Array(e, validUpdate(rng))
          ),
        ),
      () =>
        message(
          doc,
          (e) => (
            encoding.writeVarUint(e, MESSAGE.Awareness),
            encoding.writeVarUint8Array(e, awarenessPayload(rng))
          ),
        ),
    ])()
    return { kind: 'truncated', data: whole.subarray(0, int(rng, whole.length)) }
  }
  if (roll < 0.26) {
    // Huge or negative-looking lengths: of the document name, of an update, of a token.
    const where = int(rng, 3)
    if (where === 0)
      return {
        kind: 'huge length',
        data: message(hugeVarUint(rng), (e) => encoding.writeUint8Array(e, randomBytes(rng, int(rng, 16)))),
      }
    const doc = name()
    return {
      kind: 'huge length',
      data: message(doc, (e) => {
        if (where === 1) {
          encoding.writeVarUint(e, MESSAGE.Sync)
          encoding.writeVarUint(e, pick(rng, [SYNC.Step1, SYNC.Step2, SYNC.Update]))
        } else {
          encoding.writeVarUint(e, MESSAGE.Auth)
          encoding.writeVarUint(e, 0)
        }
        encoding.writeUint8Array(e, hugeVarUint(rng))
        encoding.writeUint8Array(e, randomBytes(rng, int(rng, 32)))
      }),
    }
  }
  if (roll < 0.34) {
    // Authentication for names that are invalid, foreign, or someone else's; odd tokens.
    const doc = rng() < 0.5 ? pick(rng, INVALID_NAMES) : pick(rng, [...targets.foreign, ...targets.real])
    const token = pick(rng, ['', 'null', 'x'.repeat(int(rng, 3000)), '\u0000', 'rouages_session=forged'])
    if (rng() < 0.2) {
      // An auth sub-type only the server may send (permission denied, authenticated) or unknown.
      return {
        kind: 'forged auth',
        data: message(
          doc,
          (e) => (
            encoding.writeVarUint(e, MESSAGE.Auth),
            encoding.writeVarUint(e, 1 + int(rng, 5)),
            encoding.writeVarString(e, 'readonly')
          ),
        ),
      }
    }
    return { kind: 'auth for a wrong name', data: authFrame(doc, token) }
  }
  if (roll < 0.46) {
    // Sync messages, before or after authentication, on documents readable or not.
    const doc = name()
    const type = pick(rng, [SYNC.Step1, SYNC.Step2, SYNC.Update, SYNC.Update, 3 + int(rng, 10)])
    const writable = targets.writable(identity, doc)
    const valid = !writable && rng() < 0.6
    const payload =
      type === SYNC.Step1
        ? rng() < 0.5
          ? Y.encodeStateVector(new Y.Doc())
          : randomBytes(rng, int(rng, 40))
        : valid
          ? validUpdate(rng)
          : garbledUpdate(rng, writable)
    return {
      kind: valid ? 'valid update where it must be refused' : 'garbled update',
      data: message(
        doc,
        (e) => (
          encoding.writeVarUint(e, MESSAGE.Sync),
          encoding.writeVarUint(e, type),
          encoding.writeVarUint8Array(e, payload)
        ),
      ),
    }
  }
  if (roll < 0.56) {
    const doc = name()
    return {
      kind: 'awareness garbage',
      data: message(
        doc,
        (e) => (
          encoding.writeVarUint(e, MESSAGE.Awareness),
          encoding.writeVarUint8Array(e, awarenessPayload(rng))
        ),
      ),
    }
  }
  if (roll < 0.62) {
    const doc = name()
    const payload = pick(rng, [
      '',
      'hello',
      '{"type":"commande","cmd":"etape"}',
      'x'.repeat(int(rng, 5000)),
      '\uD800',
    ])
    const type = rng() < 0.8 ? MESSAGE.Stateless : MESSAGE.Broadcast
    return {
      kind: 'stateless',
      data: message(doc, (e) => (encoding.writeVarUint(e, type), encoding.writeVarString(e, payload))),
    }
  }
  if (roll < 0.7) {
    // Message types the server never expects from a client, or none at all.
    const doc = name()
    const type = pick(rng, [4, 6, 8, 11, 42, 127, 128, 255, 2 ** 31, 2 ** 53 - 1])
    return {
      kind: 'unknown type',
      data: message(doc, (e) => {
        encoding.writeVarUint(e, type)
        encoding.writeUint8Array(e, randomBytes(rng, int(rng, 20)))
      }),
    }
  }
  if (roll < 0.75) {
    const doc = name()
    const type = pick(rng, [MESSAGE.QueryAwareness, MESSAGE.Close, 9, 10])
    return { kind: 'query/close/ping', data: message(doc, (e) => encoding.writeVarUint(e, type)) }
  }
  if (roll < 0.8) {
    // Just above (or exactly at) the frame limit: the server must refuse it without reading on.
    const over = rng() < 0.85 ? 1 + int(rng, 64) : 0
    const data = new Uint8Array(targets.maxMessageBytes + over)
    data.set(
      message(
        name(),
        (e) => (encoding.writeVarUint(e, MESSAGE.Sync), encoding.writeVarUint(e, SYNC.Update)),
      ).subarray(0, 16),
    )
    return { kind: over ? 'oversized' : 'at the limit', data }
  }
  if (roll < 0.85) {
    return {
      kind: 'text frame',
      data: pick(rng, ['{"type":"hello"}', '', 'é'.repeat(int(rng, 100)), 'x'.repeat(int(rng, 2000))]),
    }
  }
  if (roll < 0.9) {
    return { kind: 'empty frame', data: new Uint8Array(0) }
  }
  // A sync update on the focus document from a forged "multiplexed session" name.
  const doc = `${focus ?? pick(rng, targets.real)}\u0000${int(rng, 1000)}`
  const writable = targets.writable(identity, doc.split('\u0000')[0] ?? '')
  return {
    kind: 'routing-key session',
    data: message(
      doc,
      (e) => (
        encoding.writeVarUint(e, MESSAGE.Sync),
        encoding.writeVarUint(e, SYNC.Update),
        encoding.writeVarUint8Array(e, writable ? garbledUpdate(rng, true) : validUpdate(rng))
      ),
    ),
  }
}

/**
 * WebSocket protocol violations below the Hocuspocus layer, written on a raw TCP socket after the
 * upgrade: reserved opcodes and bits, unmasked client frames, 64-bit lengths, broken fragments.
 */
export function protocolViolation(rng: Rng, maxMessageBytes: number): { kind: string; data: Uint8Array } {
  const mask = randomBytes(rng, 4)
  const masked = (opcode: number, payload: Uint8Array, { fin = true, rsv = 0 } = {}) => {
    const header: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
    if (payload.length < 126) header.push(0x80 | payload.length)
    else header.push(0x80 | 126, payload.length >> 8, payload.length & 0xff)
    const body = payload.map((b, i) => b ^ mask[i % 4]!)
    return new Uint8Array([...header, ...mask, ...body])
  }
  const choice = int(rng, 8)
  switch (choice) {
    case 0:
      return { kind: 'ws reserved opcode', data: masked(3 + int(rng, 5), randomBytes(rng, 8)) }
    case 1:
      return { kind: 'ws rsv bits', data: masked(2, randomBytes(rng, 8), { rsv: 1 + int(rng, 7) }) }
    case 2: {
      // Unmasked client frame.
      const payload = randomBytes(rng, 10)
      return { kind: 'ws unmasked', data: new Uint8Array([0x82, payload.length, ...payload]) }
    }
    case 3: {
      // A 64-bit length far over the limit (or with the top bit set), then nothing.
      const high = rng() < 0.5 ? 0x80 : 0x00
      const big = [high, 0, 0, 0x01, 0, 0, 0, 0]
      return { kind: 'ws 64-bit length', data: new Uint8Array([0x82, 0x80 | 127, ...big, ...mask]) }
    }
    case 4: {
      // Length just over the limit, announced with the 64-bit form.
      const n = maxMessageBytes + 1
      const len = [0, 0, 0, 0, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
      return { kind: 'ws length over limit', data: new Uint8Array([0x82, 0x80 | 127, ...len, ...mask]) }
    }
    case 5:
      // A continuation frame with nothing to continue.
      return { kind: 'ws orphan continuation', data: masked(0, randomBytes(rng, 6)) }
    case 6:
      // A fragmented control frame (ping without FIN).
      return { kind: 'ws fragmented ping', data: masked(9, randomBytes(rng, 4), { fin: false }) }
    default:
      // Invalid UTF-8 in a text frame.
      return { kind: 'ws invalid utf-8', data: masked(1, new Uint8Array([0xc3, 0x28, 0xff, 0xfe])) }
  }
}
