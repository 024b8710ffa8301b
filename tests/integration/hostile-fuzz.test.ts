import { writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Seance } from '@rouages/shared/api/seances'
import { notesDocumentName, seanceDocumentName, workspaceDocumentName } from '@rouages/shared/document-names'
import { addMember, api, createEtablissement, signUp, type Account } from '../helpers/accounts.ts'
import {
  authFrame,
  hostileFrame,
  int,
  pick,
  protocolViolation,
  type FrameTargets,
  type Identity,
  type Rng,
} from '../helpers/fuzz-frames.ts'
import { hostileRequest, judge, routesOf, send, type HttpWorld, type Route } from '../helpers/fuzz-http.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { fuzzSeed, seededRandom } from '../helpers/random.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const FRAMES = 10_000
const HTTP_REQUESTS = 1_000
/** Fuzzing sockets open at once, and HTTP requests in flight. */
const SOCKETS_AT_ONCE = 12
const REQUESTS_AT_ONCE = 6
const MAX_MESSAGE_BYTES = 64 * 1024
const YEAR = '2025-2026'
const FRAMEWORK = 'lycee-des-metiers'

/** Tables whose rows no hostile input may change (sessions, audit, presence and documents aside). */
const SKIPPED_TABLES = new Set([
  'session',
  'audit_event',
  'document',
  'document_update',
  'seance_participant',
])

/** Every row of every table that must not change, as one comparable string per table. */
function storedRows(dataDir: string): Record<string, string> {
  const db = new DatabaseSync(path.join(dataDir, 'rouages.sqlite'), { readOnly: true })
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((row) => String(row.name))
      .filter((name) => !SKIPPED_TABLES.has(name) && !name.startsWith('kysely_'))
    return Object.fromEntries(
      tables.map((table) => [
        table,
        db
          .prepare(`SELECT * FROM "${table}"`)
          .all()
          .map((row) =>
            JSON.stringify(row, (_k, v: unknown) =>
              v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
            ),
          )
          .sort()
          .join('\n'),
      ]),
    )
  } finally {
    db.close()
  }
}

/**
 * What a shared type holds, read from a document built afresh from updates (so every type is
 * still untyped, and both sides of a comparison are read the same way).
 */
function contentOf(fresh: Y.Doc, key: string): unknown {
  const type = fresh.share.get(key)
  if (!type) return undefined
  if (type._map.size > 0) return fresh.getMap(key).toJSON()
  let item = type._start
  while (item?.deleted) item = item.right
  const content = item?.content
  const textual =
    content instanceof Y.ContentString ||
    content instanceof Y.ContentFormat ||
    content instanceof Y.ContentEmbed
  return textual ? fresh.getText(key).toJSON() : fresh.getArray(key).toJSON()
}

/** A document's content and, unless `contentOnly`, its state vector: who wrote how much. */
function fingerprint(doc: Y.Doc, contentOnly = false): string {
  const fresh = new Y.Doc()
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
  const content = Object.fromEntries(
    [...fresh.share.keys()].sort().map((key) => [key, contentOf(fresh, key)]),
  )
  fresh.destroy()
  if (contentOnly) return JSON.stringify(content)
  const vector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)
  return JSON.stringify({ content, vector })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Counts by category, for the summary line. */
class Tally {
  readonly counts = new Map<string, number>()
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n)
  }
  toString(): string {
    return [...this.counts]
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')
  }
}

/**
 * Hostile input, seeded (FUZZ_SEED replays a run): 10,000 malformed or hostile WebSocket frames
 * over many short-lived sockets, and a thousand hostile HTTP requests against every documented
 * route, both while an honest client edits throughout. The server stays up, the honest clients
 * never notice, every HTTP answer is clean (see `judge` in helpers/fuzz-http.ts), and nothing
 * stored changes: neither rows nor documents, beyond what the honest clients wrote.
 */
describe('hostile input fuzz', () => {
  const seed = fuzzSeed()
  const data = tempDataDir()
  let server: ServerProcess
  let owner: Account
  let attacker: Account
  let etab = ''
  let foreignEtab = ''
  let seance: Seance
  let guestCookie = ''
  let bystander: TestClient
  let observer: TestClient
  const docs = { notes: '', annee: '', seance: '', foreignNotes: '' }
  const before = { annee: '', seance: '', foreignNotes: '', rows: {} as Record<string, string> }

  beforeAll(async () => {
    console.log(`[hostile fuzz] seed ${seed} (replay with FUZZ_SEED=${seed})`)
    server = await startServerProcess({
      dataDir: data.dir,
      env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) },
    })
    owner = await signUp(server, 'Claire Martin')
    etab = (await createEtablissement(server, owner)).id
    const year = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: [FRAMEWORK] },
    })
    expect(year.status, await year.clone().text()).toBe(201)
    const created = await api(server, `/etablissements/${etab}/annees/${YEAR}/seances`, {
      cookie: owner.cookie,
      body: {
        title: 'Conseil pédagogique',
        kind: 'conseil-pedagogique',
        guestsAllowed: true,
        steps: [{ kind: 'plan', title: 'Plan d’action' }],
      },
    })
    expect(created.status, await created.clone().text()).toBe(201)
    seance = (await created.json()) as Seance
    const joined = await api(server, '/seances/rejoindre', {
      body: { code: seance.code, name: 'Paule Invitée' },
    })
    expect(joined.status).toBe(200)
    guestCookie = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    attacker = await signUp(server, 'Un Intrus')
    foreignEtab = (await createEtablissement(server, attacker, 'Lycée d’ailleurs')).id
    docs.notes = notesDocumentName(etab)
    docs.annee = workspaceDocumentName(etab, YEAR)
    docs.seance = seanceDocumentName(etab, seance.id)
    docs.foreignNotes = notesDocumentName(foreignEtab)

    // Honest content everywhere the fuzzer aims, then what each document holds before the attack.
    const foreign = await connectClient(server.wsUrl, docs.foreignNotes, { cookie: attacker.cookie })
    foreign.doc.getText('constats').insert(0, 'Les notes de l’autre lycée.')
    await foreign.settled()
    before.foreignNotes = fingerprint(foreign.doc)
    foreign.destroy()
    const annee = await connectClient(server.wsUrl, docs.annee, { cookie: owner.cookie })
    annee.doc.getMap('grid').set('ldm-1', 'Atteint')
    await annee.settled()
    before.annee = fingerprint(annee.doc)
    annee.destroy()
    const room = await connectClient(server.wsUrl, docs.seance, { cookie: owner.cookie })
    before.seance = fingerprint(room.doc, true)
    room.destroy()

    bystander = await connectClient(server.wsUrl, docs.notes, { cookie: owner.cookie })
    bystander.doc.getText('constats').insert(0, 'Contenu enregistré.')
    await bystander.settled()
    observer = await connectClient(server.wsUrl, docs.notes, { cookie: owner.cookie })
  })

  afterAll(async () => {
    bystander?.destroy()
    observer?.destroy()
    await server?.stop()
    data.remove()
  })

  it('[F1] 10,000 hostile frames and 1,000 hostile requests: the server stays up, honest clients carry on, nothing stored changes', async () => {
    const reader = await addMember(server, owner, etab, 'reader', 'Marc Petit')
    before.rows = storedRows(data.dir)
    const cookies: Record<Identity, string | undefined> = {
      none: undefined,
      bogus: 'rouages_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      owner: owner.cookie,
      reader: reader.cookie,
      guest: guestCookie,
      attacker: attacker.cookie,
    }
    const targets: FrameTargets = {
      real: [docs.notes, docs.annee, docs.seance, docs.foreignNotes],
      foreign: [
        `etab:${foreignEtab}:annee:${YEAR}`,
        `etab:${foreignEtab}:seance:${seance.id}`,
        `etab:${etab}:seance:aaaaaaaaaaaaaaaa`,
        `etab:${etab}:annee:2024-2025`,
        'etab:aaaaaaaaaaaaaaaa:notes',
        `etab:${etab}:notes:extra`,
      ],
      writable: (identity, name) =>
        (identity === 'owner' && (name === docs.notes || name === docs.annee)) ||
        (identity === 'attacker' && name.startsWith(`etab:${foreignEtab}:`) && !name.includes(':seance:')),
      maxMessageBytes: MAX_MESSAGE_BYTES,
    }

    // The honest side: the bystander edits all along, the observer too, and times what it sees.
    const bystanderCloses: number[] = []
    bystander.socket.on('close', ({ event }: { event: { code: number } }) => bystanderCloses.push(event.code))
    observer.socket.on('close', ({ event }: { event: { code: number } }) => bystanderCloses.push(event.code))
    const sentAt = new Map<string, number>()
    let maxLag = 0
    observer.doc.getMap('grid').observe((event: Y.YMapEvent<unknown>) => {
      for (const key of event.keysChanged as Set<string>) {
        const at = sentAt.get(key)
        if (at !== undefined) maxLag = Math.max(maxLag, Date.now() - at)
      }
    })
    let honestEdits = 0
    const honest = setInterval(() => {
      const key = `b-${honestEdits}`
      sentAt.set(key, Date.now())
      bystander.doc.getMap('grid').set(key, honestEdits)
      if (honestEdits % 5 === 0) bystander.doc.getText('constats').insert(0, '·')
      if (honestEdits % 4 === 0) observer.doc.getMap('grid').set(`o-${honestEdits}`, honestEdits)
      honestEdits++
    }, 50)

    // --- WebSocket frames ---
    const frameKinds = new Tally()
    const closeCodes = new Tally()
    let framesSent = 0
    let socketsOpened = 0
    let nextSocket = 0
    const identities: Identity[] = [
      'none',
      'none',
      'bogus',
      'owner',
      'owner',
      'owner',
      'reader',
      'reader',
      'guest',
      'attacker',
      'attacker',
    ]

    async function hostileSocket(rng: Rng): Promise<void> {
      const identity = pick(rng, identities)
      const cookie = cookies[identity]
      if (rng() < 0.03) return protocolSocket(rng, cookie)
      const headers: Record<string, string> = {}
      if (cookie) headers.cookie = cookie
      if (rng() < 0.03) headers.origin = 'https://evil.example'
      const ws = new WebSocket(server.wsUrl, { headers, maxPayload: 1024 * 1024 })
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
      const opened = await new Promise<boolean>((resolve) => {
        ws.once('open', () => resolve(true))
        ws.once('error', () => resolve(false))
      })
      if (!opened) {
        closeCodes.add('upgrade refused')
        return
      }
      socketsOpened++
      const focus =
        rng() < 0.7 ? pick(rng, [...targets.real, ...targets.real, ...targets.foreign]) : undefined
      if (focus && rng() < 0.85) ws.send(authFrame(focus))
      const batch = 1 + int(rng, 8)
      for (let i = 0; i < batch && framesSent < FRAMES; i++) {
        const frame = hostileFrame(rng, targets, identity, focus)
        if (ws.readyState !== WebSocket.OPEN) break
        ws.send(frame.data)
        framesSent++
        frameKinds.add(frame.kind)
        await new Promise((resolve) => setImmediate(resolve))
      }
      const code = await Promise.race([closed, sleep(25).then(() => undefined)])
      closeCodes.add(code === undefined ? 'left open' : String(code))
      if (code === undefined) ws.terminate()
    }

    /** WebSocket protocol violations written on a raw TCP socket after a real upgrade. */
    async function protocolSocket(rng: Rng, cookie: string | undefined): Promise<void> {
      const { hostname, port } = new URL(server.url)
      const socket = net.connect(Number(port), hostname)
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()))
      socket.on('error', () => {})
      let answer = ''
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      socket.write(
        [
          'GET /collab HTTP/1.1',
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Key: ${Buffer.from(Array.from({ length: 16 }, () => int(rng, 256))).toString('base64')}`,
          ...(cookie ? [`Cookie: ${cookie}`] : []),
          '',
          '',
        ].join('\r\n'),
      )
      await waitUntil(() => answer.includes('\r\n\r\n') || socket.destroyed, {
        timeoutMs: 5_000,
        message: 'upgrade answer',
      })
      socketsOpened++
      if (framesSent >= FRAMES) return void socket.destroy()
      const violation = protocolViolation(rng, MAX_MESSAGE_BYTES)
      socket.write(violation.data)
      framesSent++
      frameKinds.add(violation.kind)
      await Promise.race([done, sleep(200)])
      closeCodes.add(socket.destroyed ? 'tcp closed by server' : 'tcp left open')
      socket.destroy()
    }

    const alive = () => server.child.exitCode === null && server.child.signalCode === null
    async function wsWorker(): Promise<void> {
      while (framesSent < FRAMES && alive()) {
        // One PRNG per socket: the sequence of sockets and their frames replays from the seed.
        await hostileSocket(seededRandom(seed * 7919 + nextSocket++))
      }
    }

    // --- HTTP requests ---
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Parameters<
      typeof routesOf
    >[0]
    const routes: Route[] = routesOf(spec)
    const world: HttpWorld = {
      baseUrl: server.url,
      cookies,
      etablissementId: etab,
      foreignEtablissementId: foreignEtab,
      schoolYear: YEAR,
      seanceId: seance.id,
      ownerId: owner.me.user.id,
      readerId: reader.me.user.id,
      attackerId: attacker.me.user.id,
      frameworkId: FRAMEWORK,
    }
    const statuses = new Tally()
    const requestKinds = new Tally()
    const violations: string[] = []
    let requestsSent = 0
    async function httpWorker(): Promise<void> {
      while (requestsSent < HTTP_REQUESTS && alive()) {
        const index = requestsSent++
        const request = hostileRequest(seededRandom(seed * 104_729 + index), routes, world)
        const outcome = await send(server.url, request)
        statuses.add(String(outcome.status ?? outcome.error))
        requestKinds.add(request.kind)
        const problem = judge(request, outcome)
        if (problem) {
          violations.push(
            `#${index} ${request.method} ${request.path.slice(0, 160)} (${request.kind}, cookie: ${request.headers.cookie?.slice(0, 20) ?? 'none'}): ${problem} — ${outcome.body.slice(0, 300)}`,
          )
        }
      }
    }

    const started = Date.now()
    await Promise.all([
      ...Array.from({ length: SOCKETS_AT_ONCE }, wsWorker),
      ...Array.from({ length: REQUESTS_AT_ONCE }, httpWorker),
    ])
    const elapsed = Date.now() - started
    clearInterval(honest)
    // FUZZ_LOG=<file> keeps the server's output (each refusal it logged) for a closer look.
    if (process.env.FUZZ_LOG) writeFileSync(process.env.FUZZ_LOG, server.output())

    // The server is up and answers.
    expect(server.child.exitCode, server.output().slice(-3000)).toBeNull()
    expect(server.child.signalCode).toBeNull()
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    expect(violations, violations.slice(0, 20).join('\n')).toEqual([])
    expect(framesSent).toBe(FRAMES)

    // The honest clients never noticed: never disconnected, every edit acknowledged and seen by
    // the other, and both hold the same document.
    await bystander.settled()
    await observer.settled()
    await waitUntil(() => fingerprint(bystander.doc) === fingerprint(observer.doc), {
      message: 'honest clients converge',
    })
    expect(bystanderCloses).toEqual([])
    for (let n = 0; n < honestEdits; n++) expect(observer.doc.getMap('grid').get(`b-${n}`)).toBe(n)

    // Nothing stored changed: every row as before, the other documents as before.
    expect(storedRows(data.dir)).toEqual(before.rows)
    const check = async (name: string, cookie: string, contentOnly = false) => {
      const client = await connectClient(server.wsUrl, name, { cookie })
      const print = fingerprint(client.doc, contentOnly)
      client.destroy()
      return print
    }
    expect(await check(docs.annee, owner.cookie)).toBe(before.annee)
    expect(await check(docs.seance, owner.cookie, true)).toBe(before.seance)
    expect(await check(docs.foreignNotes, attacker.cookie)).toBe(before.foreignNotes)
    expect(await check(docs.notes, owner.cookie)).toBe(fingerprint(bystander.doc))

    const fiveHundreds = [...statuses.counts].filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0)
    console.log(
      `[hostile fuzz] seed ${seed}: ${framesSent} frames over ${socketsOpened} sockets and ${requestsSent} HTTP requests in ${(elapsed / 1000).toFixed(1)} s; ` +
        `5xx: ${fiveHundreds}, crashes: 0, violations: ${violations.length}, honest edits: ${honestEdits} (max lag ${maxLag} ms), stored changes: 0\n` +
        `  frames: ${frameKinds.toString()}\n  socket ends: ${closeCodes.toString()}\n` +
        `  requests: ${requestKinds.toString()}\n  statuses: ${statuses.toString()}`,
    )
  }, 120_000)

  it('[F2] after all of this, a restart loads exactly what the honest clients wrote', async () => {
    const expected = fingerprint(bystander.doc)
    bystander.destroy()
    observer.destroy()
    expect(await server.stop()).toBe(0)
    const rows = storedRows(data.dir)
    server = await startServerProcess({ dataDir: data.dir })
    bystander = await connectClient(server.wsUrl, docs.notes, { cookie: owner.cookie })
    observer = await connectClient(server.wsUrl, docs.annee, { cookie: owner.cookie })
    expect(fingerprint(bystander.doc)).toBe(expected)
    expect(fingerprint(observer.doc)).toBe(before.annee)
    const foreign = await connectClient(server.wsUrl, docs.foreignNotes, { cookie: attacker.cookie })
    expect(fingerprint(foreign.doc)).toBe(before.foreignNotes)
    foreign.destroy()
    const room = await connectClient(server.wsUrl, docs.seance, { cookie: owner.cookie })
    expect(fingerprint(room.doc, true)).toBe(before.seance)
    room.destroy()
    expect(rows).toEqual(before.rows)
  })
})
