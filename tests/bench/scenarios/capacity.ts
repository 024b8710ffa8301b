/**
 * b. Capacity: what an idle connection and a loaded document cost, and how soon documents are
 * unloaded once everyone has left.
 *
 * For each server, in its own fresh process:
 * 1. Connections: idle, synced thin clients on one document (Rouages: authenticated members on
 *    the établissement notepad), ramped in steps; after each step the server's heap (after a
 *    full collection) and RSS. Per connection = slope between the first and the last step.
 * 2. Documents: K realistic school-year documents (tests/bench/generate-year.ts, one seed each).
 *    Rouages opens a year per établissement through the API, the content is sent through a real
 *    provider, and the documents are unloaded before measuring; then one idle client opens each
 *    (which loads it from SQLite). The baselines have no storage: the client that opens each
 *    document brings the same content as Rouages' first year. Per document = heap and RSS
 *    delta / K, with its one idle connection.
 * 3. Unloading: every client makes one edit (so a store is pending, as after real work) and
 *    leaves; seconds from the last disconnect until the server holds no document.
 *
 * Memory is less noisy than latency: each server is measured once (not 3×), to bound the run.
 */
import * as Y from 'yjs'
import { connectClient } from '../../helpers/providers.ts'
import { generateYear } from '../generate-year.ts'
import { Recorder, openFilesLimit, packageVersion } from '../measure.ts'
import type { BenchRow, BenchScenario } from '../scenario.ts'
import { ALL_SERVERS, rouages, type RunningServer, type ServerUnderTest } from '../servers.ts'
import { ThinClient } from '../thin-client.ts'

const SCENARIO = 'b. capacity'
const MB = 1024 * 1024
const CONNECTION_GOAL = 10_000
const RSS_GOAL_MB = 1024
const HEAP_PER_DOCUMENT_GOAL_MB = 2
const UNLOAD_GOAL_S = 60

const STEPS = { full: [1_000, 2_000, 5_000, 10_000], quick: [250, 500] }
const YEARS = { full: 20, quick: 3 }
/** Connections being opened at once: more would only queue in the server's accept backlog. */
const CONNECTING_AT_ONCE = 100
const CONNECT_TIMEOUT_MS = 30_000
/** File descriptors the harness keeps for itself besides its sockets. */
const SPARE_FILES = 500
/** How long to wait for the documents to be unloaded: past Rouages' goal, a little for baselines. */
const UNLOAD_WAIT_S = { rouages: 90, baseline: 15 }
const SEED = 2026

interface Step {
  connections: number
  heapMb: number
  rssMb: number
}

interface ServerCapacity {
  server: string
  steps: Step[]
  /** Why the ramp stopped before its last step, if it did. */
  rampStopped?: string
  heapPerConnectionKb: number
  rssPerConnectionKb: number
  documents?: {
    count: number
    stateBytes: number
    loaded: number | null
    heapPerDocumentMb: number
    rssPerDocumentMb: number
    /** Seconds from the last disconnect until no document is held; null: not within the wait. */
    unloadedAfterS: number | null
    waitedS: number
    heapAfterUnloadMb: number
    heapBeforeMb: number
  }
  error?: string
}

type Measured = ServerCapacity & { yearState?: Uint8Array | undefined }

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const capacity: BenchScenario = {
  name: SCENARIO,
  async run(ctx) {
    const limit = openFilesLimit()
    const wanted = ctx.quick ? STEPS.quick : STEPS.full
    // Each connection is one descriptor in this process and one in the server (same limit).
    const steps = limit === null ? wanted : wanted.filter((n) => n + SPARE_FILES <= limit)
    const years = ctx.quick ? YEARS.quick : YEARS.full
    ctx.log(
      `${SCENARIO}: idle connections in steps of ${steps.join(', ')} (open files per process: ${limit ?? 'unknown'}` +
        `${steps.length < wanted.length ? `, too few for ${wanted.at(-1)}: the rest is extrapolated` : ''}); ` +
        `${years} school-year documents; each server once`,
    )

    // Rouages first: the baselines are given the content of its first year, byte for byte.
    const order: ServerUnderTest[] = [rouages, ...ALL_SERVERS.filter((s) => s !== rouages)]
    const results: Measured[] = []
    let yearState: Uint8Array | undefined
    for (const server of order) {
      const result = await measureServer(server, steps, years, yearState, ctx.log).catch(
        (error: unknown): Measured => ({
          server: server.name,
          steps: [],
          heapPerConnectionKb: Number.NaN,
          rssPerConnectionKb: Number.NaN,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      if (result.error) ctx.log(`${server.name}: FAILED: ${result.error}`)
      yearState ??= result.yearState
      results.push(result)
    }
    ctx.details[SCENARIO] = {
      steps,
      wantedSteps: wanted,
      years,
      seed: SEED,
      openFilesLimit: limit,
      results: results.map(({ yearState: _state, ...rest }) => rest),
    }
    const byServer = ALL_SERVERS.flatMap((s) => results.filter((r) => r.server === s.name))
    return byServer.flatMap((result) => rowsOf(result))
  },
}

async function measureServer(
  serverUnderTest: ServerUnderTest,
  steps: readonly number[],
  years: number,
  givenState: Uint8Array | undefined,
  log: (line: string) => void,
): Promise<Measured> {
  const name = serverUnderTest.name
  const server = await serverUnderTest.start({ probe: true })
  const providerVersion = packageVersion('@hocuspocus/provider')
  const recorder = new Recorder(1, 1)
  const newClient = (documentName: string, initialState?: Uint8Array) =>
    new ThinClient({
      url: server.wsUrl,
      protocol: serverUnderTest.protocol,
      documentName,
      cookie: server.cookie,
      index: 0,
      clients: 1,
      recorder,
      providerVersion,
      initialState,
    })
  try {
    // 1. Idle connections, ramped.
    const clients: ThinClient[] = []
    const measured: Step[] = []
    let rampStopped: string | undefined
    for (const target of steps) {
      const startedAt = performance.now()
      try {
        await openClients(clients, target - clients.length, () => newClient(server.documentName))
      } catch (error) {
        rampStopped = `stopped at ${clients.length} connections: ${error instanceof Error ? error.message : String(error)}`
        log(`${name}: ${rampStopped}`)
        break
      }
      await sleep(1_000)
      const probe = await server.probe()
      const step = { connections: target, heapMb: probe.heapUsed / MB, rssMb: probe.rss / MB }
      measured.push(step)
      log(
        `${name}: ${target} idle connections (opened in ${((performance.now() - startedAt) / 1000).toFixed(1)} s): ` +
          `heap ${step.heapMb.toFixed(1)} MB, RSS ${step.rssMb.toFixed(0)} MB`,
      )
    }
    const dropped = recorder.errors.length
    if (dropped > 0)
      rampStopped = `${rampStopped ?? ''} ${dropped} connection errors: ${recorder.errors[0]}`.trim()
    await closeAll(clients)
    const first = measured[0]
    const last = measured.at(-1)
    const slope = (pick: (s: Step) => number) =>
      first && last && last.connections > first.connections
        ? ((pick(last) - pick(first)) * 1024) / (last.connections - first.connections)
        : Number.NaN
    const result: Measured = {
      server: name,
      steps: measured,
      ...(rampStopped ? { rampStopped } : {}),
      heapPerConnectionKb: slope((s) => s.heapMb),
      rssPerConnectionKb: slope((s) => s.rssMb),
    }
    if (!serverUnderTest.hasDocuments) return result

    // 2. Loaded documents.
    const waitS = name === 'rouages' ? UNLOAD_WAIT_S.rouages : UNLOAD_WAIT_S.baseline
    await waitUntilUnloaded(server, waitS)
    const prepared = await server.prepareYears(years, fillYear)
    let state = givenState
    if (!prepared.push && state === undefined) state = await readState(server, prepared.names[0]!)
    // Rouages failed before giving its content: the same generator on an empty document.
    if (prepared.push && state === undefined) state = generatedYear()
    result.yearState = state
    const before = await server.probe()
    const openers: ThinClient[] = []
    await openClients(
      openers,
      prepared.names.length,
      () => newClient(prepared.names[openers.length]!, prepared.push ? state : undefined),
      5,
    )
    await sleep(1_000)
    const after = await server.probe()
    log(
      `${name}: ${prepared.names.length} school-year documents (${((state?.length ?? 0) / 1024).toFixed(0)} KB each) ` +
        `loaded: heap ${(before.heapUsed / MB).toFixed(1)} → ${(after.heapUsed / MB).toFixed(1)} MB, ` +
        `RSS ${(before.rss / MB).toFixed(0)} → ${(after.rss / MB).toFixed(0)} MB, ${after.documents} documents held`,
    )

    // 3. Everyone makes one edit and leaves (as people do): how soon does the server let go?
    const now = performance.now()
    for (const opener of openers) opener.startEditing(now, 1_000, 1)
    await sleep(1_500)
    await closeAll(openers)
    const leftAt = performance.now()
    const unloaded = await waitUntilUnloaded(server, waitS)
    const unloadedAfterS = unloaded ? (performance.now() - leftAt) / 1000 : null
    const afterUnload = await server.probe()
    log(
      `${name}: ${unloaded ? `documents unloaded ${unloadedAfterS!.toFixed(1)} s after the last disconnect` : `${afterUnload.documents} documents still held after ${waitS} s`}; ` +
        `heap ${(afterUnload.heapUsed / MB).toFixed(1)} MB`,
    )
    result.documents = {
      count: prepared.names.length,
      stateBytes: state?.length ?? 0,
      loaded: after.documents,
      heapPerDocumentMb: (after.heapUsed - before.heapUsed) / MB / prepared.names.length,
      rssPerDocumentMb: (after.rss - before.rss) / MB / prepared.names.length,
      unloadedAfterS,
      waitedS: waitS,
      heapAfterUnloadMb: afterUnload.heapUsed / MB,
      heapBeforeMb: before.heapUsed / MB,
    }
    return result
  } finally {
    await server.stop()
  }
}

/** A realistic year (seeded per document), sent to the server as one update. */
function fillYear(doc: Y.Doc, index: number): void {
  const local = new Y.Doc()
  Y.applyUpdate(local, Y.encodeStateAsUpdate(doc))
  generateYear(local, { seed: SEED + index })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(local, Y.encodeStateVector(doc)))
  local.destroy()
}

/** A year generated from scratch (initialised as the server does), as one update. */
function generatedYear(): Uint8Array {
  const doc = new Y.Doc()
  generateYear(doc, { seed: SEED, etablissementId: 'banc-d-essai', schoolYear: '2025-2026' })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

/** The whole state of a Rouages document, as a member's provider receives it. */
async function readState(server: RunningServer, documentName: string): Promise<Uint8Array> {
  const client = await connectClient(
    server.wsUrl,
    documentName,
    server.cookie ? { cookie: server.cookie } : {},
  )
  try {
    return Y.encodeStateAsUpdate(client.doc)
  } finally {
    client.destroy()
  }
}

/** Opens `count` more clients, `atOnce` at a time; throws on the first that cannot connect. */
async function openClients(
  clients: ThinClient[],
  count: number,
  create: () => ThinClient,
  atOnce = CONNECTING_AT_ONCE,
): Promise<void> {
  let left = count
  const lane = async () => {
    while (left > 0) {
      left--
      const client = create()
      clients.push(client)
      await client.connect(CONNECT_TIMEOUT_MS)
    }
  }
  await Promise.all(Array.from({ length: Math.min(atOnce, count) }, lane))
}

async function closeAll(clients: ThinClient[]): Promise<void> {
  for (let i = 0; i < clients.length; i += 1_000) {
    await Promise.all(clients.slice(i, i + 1_000).map((client) => client.close()))
  }
  clients.length = 0
}

async function waitUntilUnloaded(server: RunningServer, seconds: number): Promise<boolean> {
  const deadline = performance.now() + seconds * 1000
  for (;;) {
    const held = await server.documents()
    if (held === null || held === 0) return true
    if (performance.now() > deadline) return false
    await sleep(250)
  }
}

const round = (value: number, digits: number) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : 'n/a'

function rowsOf(result: ServerCapacity): BenchRow[] {
  const server = result.server
  const isRouages = server === 'rouages'
  const base = { scenario: SCENARIO, server }
  if (result.error) {
    return [{ ...base, figure: 'run', value: 'failed', unit: '', note: result.error.slice(0, 120) }]
  }
  const rows: BenchRow[] = []
  const last = result.steps.at(-1)
  const reached = last?.connections ?? 0
  const short = reached < CONNECTION_GOAL
  const goal = `≥ ${CONNECTION_GOAL} under ${RSS_GOAL_MB} MB RSS`
  rows.push({
    ...base,
    figure: 'idle connections opened',
    value: reached,
    unit: '',
    // Only a ramp that tried 10,000 and stopped short has missed; a shorter ramp (--quick, too
    // few file descriptors) is judged on the extrapolation below.
    ...(isRouages
      ? { goal, met: short ? (result.rampStopped ? false : null) : (last?.rssMb ?? Infinity) < RSS_GOAL_MB }
      : {}),
    ...(result.rampStopped ? { note: result.rampStopped.slice(0, 120) } : {}),
  })
  rows.push({
    ...base,
    figure: `RSS at ${reached} connections`,
    value: round(last?.rssMb ?? Number.NaN, 0),
    unit: 'MB',
  })
  rows.push({
    ...base,
    figure: `heap at ${reached} connections`,
    value: round(last?.heapMb ?? Number.NaN, 1),
    unit: 'MB',
  })
  rows.push({
    ...base,
    figure: 'RSS per idle connection',
    value: round(result.rssPerConnectionKb, 1),
    unit: 'KB',
  })
  rows.push({
    ...base,
    figure: 'heap per idle connection',
    value: round(result.heapPerConnectionKb, 1),
    unit: 'KB',
  })
  if (short && last && result.steps.length > 1) {
    const projected = last.rssMb + ((CONNECTION_GOAL - reached) * result.rssPerConnectionKb) / 1024
    rows.push({
      ...base,
      figure: `RSS at ${CONNECTION_GOAL} connections, EXTRAPOLATED from ${result.steps[0]?.connections}–${reached}`,
      value: round(projected, 0),
      unit: 'MB',
      ...(isRouages ? { goal: `< ${RSS_GOAL_MB} MB`, met: projected < RSS_GOAL_MB } : {}),
    })
  }
  const documents = result.documents
  if (documents) {
    rows.push({
      ...base,
      figure: `heap per loaded school-year document (${documents.count} loaded, with one connection each)`,
      value: round(documents.heapPerDocumentMb, 2),
      unit: 'MB',
      ...(isRouages
        ? {
            goal: `≤ ${HEAP_PER_DOCUMENT_GOAL_MB} MB`,
            met: documents.heapPerDocumentMb <= HEAP_PER_DOCUMENT_GOAL_MB,
          }
        : {}),
    })
    rows.push({
      ...base,
      figure: `RSS per loaded school-year document`,
      value: round(documents.rssPerDocumentMb, 2),
      unit: 'MB',
    })
    rows.push({
      ...base,
      figure: 'unloaded after the last disconnect',
      value:
        documents.unloadedAfterS === null
          ? `not within ${documents.waitedS} s`
          : round(documents.unloadedAfterS, 1),
      unit: 's',
      ...(isRouages
        ? {
            goal: `≤ ${UNLOAD_GOAL_S} s`,
            met: documents.unloadedAfterS !== null && documents.unloadedAfterS <= UNLOAD_GOAL_S,
          }
        : {}),
      ...(server === 'y-websocket' && documents.unloadedAfterS === null
        ? { note: 'keeps documents without persistence' }
        : {}),
    })
    rows.push({
      ...base,
      figure: 'heap after unloading, vs before loading',
      value: round(documents.heapAfterUnloadMb - documents.heapBeforeMb, 1),
      unit: 'MB',
    })
  }
  return rows
}
