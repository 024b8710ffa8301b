/**
 * c. Cold load of a realistic school-year document: Rouages from SQLite and from PostgreSQL,
 * against the three baselines loading the same bytes from SQLite.
 *
 * Preparation, per Rouages storage: K+1 établissements of one owner each get a year opened
 * through the API and filled by the generator (generate-year.ts, one seed each: ~4,500 edits from
 * ~300 sessions, ~250 KB of state), sent through a real provider. The states of the SQLite copies,
 * read back through a provider (Y.encodeStateAsUpdate of what Rouages holds), seed one SQLite file
 * per baseline (baseline-storage.ts: `document(name, state)`), so every server loads the same
 * content. Each baseline then runs in its storage mode: bare Hocuspocus applies the blob in
 * `onLoadDocument` (what @hocuspocus/extension-database does), y-websocket in its persistence
 * hook's `bindState`, and the raw relay, the floor, sends the blob as its first message.
 *
 * A run: the server is started fresh (Rouages: stopped gracefully, every document compacted to
 * storage, and restarted under the inspector), so no document is in memory; one extra copy is
 * opened first, unmeasured (a server that has been up a while has its code warm); then each of the
 * K copies is opened once, one after the other:
 * - until synced: socket created → synced, and the bytes received until then. Hocuspocus servers
 *   (Rouages with the owner's session cookie, bare Hocuspocus) are opened by a real
 *   HocuspocusProvider (its `synced` event: sync step 2 received and applied); y-websocket by a
 *   thin y-protocols client until the server's sync step 2, applied (what y-websocket's provider
 *   calls synced); the raw relay by a client that applies its first message (cold-open.ts);
 * - Rouages only, server side: measured inside the server (wrappers installed through the
 *   inspector on the Hocuspocus instance, no benchmark code in the server): the `onAuthenticate`
 *   hooks (session and membership lookups) plus `loadDocument` (storage read, Yjs apply, schema
 *   migration and plan watchers of the `afterLoadDocument` hooks);
 * - Rouages only, warm open: a second provider on the same document while the first keeps it
 *   loaded, for contrast (what a cold open costs beyond a warm one is the load).
 * Runs alternate (raw, hocuspocus, y-websocket, rouages-sqlite, rouages-postgres, raw…) so drift
 * on the machine hits the servers alike; 3 repetitions (1 with --quick), each figure the median of
 * the repetitions' figures. K = 20 (4 with --quick, SQLite only). The full run takes ~1.5 min.
 *
 * Reading the figures: every "until synced" includes the client's apply of the ~250 KB state
 * (tens of ms), which is most of the raw relay's. Bare Hocuspocus 4 batches document updates until
 * the next tick, so the state applied in `onLoadDocument` often goes out a second time, as an
 * update, to the client that asked for it ("first sync received max" ≈ twice the state); Rouages
 * flushes that batch in its own `onLoadDocument` (server/src/collab/Persistence.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import type { Account } from '../../helpers/accounts.ts'
import { signUp } from '../../helpers/accounts.ts'
import type { Inspector } from '../../helpers/inspector.ts'
import { seedStorage } from '../baseline-storage.ts'
import { openUntilSynced, type Opened } from '../cold-open.ts'
import { MAX_HARNESS_CPU_PCT } from '../load.ts'
import { median, UsageMeter, type WindowUsage } from '../measure.ts'
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts'
import { bareHocuspocus, rawRelay, yWebsocket, type ServerUnderTest } from '../servers.ts'
import {
  createStorage,
  driversFor,
  filledYear,
  openProvider,
  round,
  runAloneIfMain,
  startRouages,
  stats,
  withDeadline,
  type DriverName,
  type Storage,
} from './rouages-process.ts'

const SCENARIO = 'c. cold load'
const SEED = 3100
const COPIES = { full: 20, quick: 4 }
const REPETITIONS = { full: 3, quick: 1 }
const SERVER_GOAL_MS = 150
const SYNCED_GOAL_MS = 250
/** Above this much CPU used by the rest of the machine, the timings measure the neighbours. */
const NOISY_OTHER_CPU_PCT = 25
const BASELINES: readonly ServerUnderTest[] = [rawRelay, bareHocuspocus, yWebsocket]

/** One cold open, whatever the server. */
interface ColdOpen {
  documentName: string
  syncedMs: number
  bytes: number
  /** Y.encodeStateAsUpdate of the client's document once synced: the same content everywhere. */
  stateBytes: number
}

interface RouagesOpen extends ColdOpen {
  warmSyncedMs: number
  authMs: number
  loadMs: number
  storageMs: number
}

interface Run<Sample extends ColdOpen = ColdOpen> {
  server: string
  repetition: number
  samples: Sample[]
  usage: WindowUsage
}

/** A Rouages storage with its owner and K+1 filled years (the last one is the warm-up). */
interface PreparedRouages {
  driver: DriverName
  storage: Storage
  owner: Account
  documentNames: string[]
}

/** What the wrappers record inside the server, per hook call. */
interface Timing {
  kind: 'onAuthenticate' | 'onLoadDocument' | 'loadDocument'
  name: string
  ms: number
}

/**
 * Wraps `loadDocument` and the `onAuthenticate` / `onLoadDocument` hook chains of every
 * Hocuspocus instance of the server; the timings go to `globalThis.__benchTimings`. Runs inside
 * the server (this function's source is sent through the inspector).
 */
const INSTALL_TIMERS = `(all) => {
  const log = (globalThis.__benchTimings ??= [])
  for (const h of all) {
    const loadDocument = h.loadDocument
    h.loadDocument = async function (name, ...rest) {
      const t = performance.now()
      try { return await loadDocument.call(this, name, ...rest) }
      finally { log.push({ kind: 'loadDocument', name, ms: performance.now() - t }) }
    }
    const hooks = h.hooks
    h.hooks = function (hook, payload, callback) {
      const t = performance.now()
      const result = hooks.call(this, hook, payload, callback)
      if (hook === 'onAuthenticate' || hook === 'onLoadDocument') {
        result.then(() => log.push({ kind: hook, name: payload.documentName, ms: performance.now() - t }), () => {})
      }
      return result
    }
  }
  return all.length
}`

async function readTimings(inspector: Inspector): Promise<Timing[]> {
  const { result } = (await inspector.call('Runtime.evaluate', {
    expression: 'JSON.stringify(globalThis.__benchTimings ?? [])',
    returnByValue: true,
  })) as { result: { value: string } }
  return JSON.parse(result.value) as Timing[]
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)

/**
 * Fills `copies + 1` years on a fresh Rouages storage; with `readStates`, also reads back each
 * year's state as Rouages holds it (to seed the baselines with the same bytes).
 */
async function prepareRouages(
  driver: DriverName,
  copies: number,
  readStates: boolean,
  ctx: BenchContext,
): Promise<{ prepared: PreparedRouages; states: Uint8Array[] }> {
  const storage = await createStorage(driver)
  try {
    const rouages = await startRouages(storage)
    try {
      const owner = await signUp(rouages.server)
      const years = []
      const fillStart = performance.now()
      for (let i = 0; i <= copies; i++) years.push(await filledYear(rouages.server, owner, SEED + i))
      const { summary, updateBytes } = years[0]!
      ctx.log(
        `${driver}: ${copies + 1} years filled in ${seconds(fillStart)} s ` +
          `(each ~${summary.edits} edits from ${summary.sessions} sessions, ${summary.descriptors} descriptors, ` +
          `${summary.actions} actions, ${summary.indicators} indicators; ${Math.round(updateBytes / 1024)} KB sent)`,
      )
      const states: Uint8Array[] = []
      for (const year of readStates ? years : []) {
        const opened = await openProvider(rouages.server.wsUrl, year.documentName, owner.cookie)
        states.push(Y.encodeStateAsUpdate(opened.doc))
        opened.destroy()
      }
      const documentNames = years.map((year) => year.documentName)
      return { prepared: { driver, storage, owner, documentNames }, states }
    } finally {
      await rouages.stop()
    }
  } catch (error) {
    await storage.remove()
    throw error
  }
}

/** One run of Rouages: restart under the inspector, warm-up open, K cold (and warm) opens. */
async function measureRouages(
  { driver, storage, owner, documentNames }: PreparedRouages,
  repetition: number,
): Promise<Run<RouagesOpen>> {
  const rouages = await startRouages(storage, { inspect: true })
  try {
    const inspector = rouages.inspector!
    const instances = await inspector.onInstances<number>('@hocuspocus/server', 'Hocuspocus', INSTALL_TIMERS)
    if (instances === 0) throw new Error('no Hocuspocus instance found in the server')
    const { wsUrl } = rouages.server
    const warmup = await openProvider(wsUrl, documentNames.at(-1)!, owner.cookie)
    warmup.destroy()

    const samples: Omit<RouagesOpen, 'authMs' | 'loadMs' | 'storageMs'>[] = []
    const meter = new UsageMeter(rouages.server.child.pid!)
    for (const documentName of documentNames.slice(0, -1)) {
      const cold = await openProvider(wsUrl, documentName, owner.cookie)
      const warm = await openProvider(wsUrl, documentName, owner.cookie)
      samples.push({
        documentName,
        syncedMs: cold.syncedMs,
        bytes: cold.bytesAtSync,
        warmSyncedMs: warm.syncedMs,
        stateBytes: Y.encodeStateAsUpdate(cold.doc).byteLength,
      })
      warm.destroy()
      cold.destroy()
    }
    const usage = meter.stop()
    const timings = await readTimings(inspector)
    const first = (kind: Timing['kind'], name: string) =>
      timings.find((t) => t.kind === kind && t.name === name)?.ms ?? Number.NaN
    return {
      server: `rouages-${driver}`,
      repetition,
      samples: samples.map((sample) => ({
        ...sample,
        authMs: first('onAuthenticate', sample.documentName),
        loadMs: first('loadDocument', sample.documentName),
        storageMs: first('onLoadDocument', sample.documentName),
      })),
      usage,
    }
  } finally {
    await rouages.stop()
  }
}

/** How a client of `server` opens a document until synced. */
function openerOf(server: ServerUnderTest): (wsUrl: string, documentName: string) => Promise<Opened> {
  const { protocol } = server
  const kind = protocol.name
  if (kind === 'hocuspocus') return (wsUrl, documentName) => openProvider(wsUrl, documentName, '')
  return (wsUrl, documentName) => openUntilSynced(kind, protocol.url(wsUrl, documentName))
}

/** One run of a baseline: a fresh process on its seeded file, warm-up open, K cold opens. */
async function measureBaseline(
  server: ServerUnderTest,
  file: string,
  documentNames: readonly string[],
  repetition: number,
): Promise<Run> {
  const running = await server.start({ storage: file })
  try {
    const open = openerOf(server)
    const warmup = await open(running.wsUrl, documentNames.at(-1)!)
    warmup.destroy()
    const samples: ColdOpen[] = []
    const meter = new UsageMeter(running.pid)
    for (const documentName of documentNames.slice(0, -1)) {
      const cold = await open(running.wsUrl, documentName)
      samples.push({
        documentName,
        syncedMs: cold.syncedMs,
        bytes: cold.bytesAtSync,
        stateBytes: Y.encodeStateAsUpdate(cold.doc).byteLength,
      })
      cold.destroy()
    }
    const usage = meter.stop()
    await expectUnloaded(server.name, () => running.documents())
    return { server: server.name, repetition, samples, usage }
  } finally {
    await running.stop()
  }
}

/** The storage mode unloads a document when its last client leaves: check it did. */
async function expectUnloaded(name: string, documents: () => Promise<number | null>): Promise<void> {
  const deadline = performance.now() + 5_000
  for (;;) {
    const held = await documents()
    if (held === null || held === 0) return
    if (performance.now() > deadline) throw new Error(`${name} still holds ${held} document(s) after 5 s`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** One figure of one run; `goalMs` only on Rouages' own goals. */
interface Figure {
  figure: string
  value: number
  unit: string
  goalMs?: number
}

function figuresOf(run: Run): Figure[] {
  const { samples, usage } = run
  const isRouages = run.server.startsWith('rouages')
  const synced = stats(samples.map((s) => s.syncedMs))
  const bytes = stats(samples.map((s) => s.bytes))
  const figures: Figure[] = [
    { figure: 'cold loads measured', value: samples.length, unit: 'documents' },
    { figure: 'until synced p50', value: synced.p50, unit: 'ms' },
    {
      figure: 'until synced p95',
      value: synced.p95,
      unit: 'ms',
      ...(isRouages ? { goalMs: SYNCED_GOAL_MS } : {}),
    },
  ]
  if (isRouages) {
    const own = samples as RouagesOpen[]
    const of = (pick: (s: RouagesOpen) => number) => stats(own.map(pick))
    const serverSide = of((s) => s.authMs + s.loadMs)
    figures.push(
      { figure: 'server side (auth + load) p50', value: serverSide.p50, unit: 'ms' },
      { figure: 'server side (auth + load) p95', value: serverSide.p95, unit: 'ms', goalMs: SERVER_GOAL_MS },
      { figure: '  auth hooks p95', value: of((s) => s.authMs).p95, unit: 'ms' },
      { figure: '  loadDocument p95', value: of((s) => s.loadMs).p95, unit: 'ms' },
      {
        figure: '  of which onLoadDocument (storage read, apply) p95',
        value: of((s) => s.storageMs).p95,
        unit: 'ms',
      },
      { figure: 'warm open (document in memory) p50', value: of((s) => s.warmSyncedMs).p50, unit: 'ms' },
      {
        figure: 'cold − warm open, per document, p95 (the load seen from outside)',
        value: of((s) => s.syncedMs - s.warmSyncedMs).p95,
        unit: 'ms',
      },
    )
  }
  figures.push(
    { figure: 'first sync received p50', value: bytes.p50 / 1024, unit: 'KB' },
    // Above the state when a server sends the document more than once before the client is synced.
    { figure: 'first sync received max', value: bytes.max / 1024, unit: 'KB' },
    { figure: 'document state p50', value: stats(samples.map((s) => s.stateBytes)).p50 / 1024, unit: 'KB' },
    { figure: 'harness CPU while measuring', value: usage.harnessCpuPct, unit: '% of a core' },
    { figure: 'other CPU while measuring', value: usage.otherCpuPct, unit: '% of a core' },
  )
  return figures
}

/**
 * The rows of one server: each figure the median over its runs. Lines are emitted figure by
 * figure across servers (Rouages' figures being a superset), so the table keeps this order.
 */
function rowsOf(runs: readonly Run[], servers: readonly string[], planned: number): BenchRow[] {
  const figuresByServer = new Map(
    servers.map((server) => [server, runs.filter((run) => run.server === server).map(figuresOf)]),
  )
  const longest = [...figuresByServer.values()]
    .map((perRun) => perRun[0] ?? [])
    .reduce((a, b) => (b.length > a.length ? b : a), [])
  const order = longest.map((f) => f.figure)
  const rows: BenchRow[] = servers.map((server) => ({
    scenario: SCENARIO,
    server,
    figure: 'repetitions measured',
    value: `${figuresByServer.get(server)?.length ?? 0}/${planned}`,
    unit: '',
  }))
  for (const figure of order) {
    for (const server of servers) {
      const perRun = (figuresByServer.get(server) ?? []).map((figures) =>
        figures.find((f) => f.figure === figure),
      )
      const first = perRun[0]
      if (!first) continue
      const value = median(perRun.map((f) => f?.value ?? Number.NaN))
      const digits = first.unit.startsWith('%') ? 0 : 1
      const row: BenchRow = {
        scenario: SCENARIO,
        server,
        figure,
        value: round(value, digits),
        unit: first.unit,
      }
      if (first.goalMs !== undefined) {
        row.goal = `≤ ${first.goalMs} ms`
        row.met = Number.isFinite(value) ? value <= first.goalMs : null
      }
      // Opens are sequential and the client's apply of the state is part of each one, so a busy
      // harness delays nothing but that apply (the raw relay's opens are mostly that apply).
      if (figure === 'harness CPU while measuring' && value > MAX_HARNESS_CPU_PCT)
        row.note = `harness above ${MAX_HARNESS_CPU_PCT} %: mostly the client applying the state, part of each open`
      if (figure === 'other CPU while measuring' && value > NOISY_OTHER_CPU_PCT) row.note = 'noisy machine'
      rows.push(row)
    }
  }
  return rows
}

function runLine(run: Run, index: number, total: number): string {
  const synced = stats(run.samples.map((s) => s.syncedMs))
  const bytes = stats(run.samples.map((s) => s.bytes))
  return (
    `[${index}/${total}] ${run.server} #${run.repetition}: until synced p50 ${synced.p50.toFixed(1)} ms, ` +
    `p95 ${synced.p95.toFixed(1)} ms, ${(bytes.p50 / 1024).toFixed(0)} KB; ` +
    `harness ${run.usage.harnessCpuPct.toFixed(0)}% CPU, other ${run.usage.otherCpuPct.toFixed(0)}% CPU`
  )
}

async function measure(
  ctx: BenchContext,
  drivers: readonly DriverName[],
  scratch: string,
): Promise<BenchRow[]> {
  const copies = ctx.quick ? COPIES.quick : COPIES.full
  const repetitions = ctx.quick ? REPETITIONS.quick : REPETITIONS.full
  const prepared: PreparedRouages[] = []
  try {
    let states: Uint8Array[] = []
    for (const driver of drivers) {
      const result = await prepareRouages(driver, copies, prepared.length === 0, ctx)
      prepared.push(result.prepared)
      if (states.length === 0) states = result.states
    }
    // The baselines' documents: the same states under names of their own (the last is the warm-up).
    const baselineNames = states.map((_, i) => `annee-${i}`)
    const files = new Map<string, string>()
    for (const server of BASELINES) {
      const file = path.join(scratch, `${server.name}.sqlite`)
      seedStorage(
        file,
        states.map((state, i) => [baselineNames[i]!, state] as const),
      )
      files.set(server.name, file)
    }
    const stateKb = states.map((s) => s.byteLength / 1024)
    ctx.log(
      `baselines seeded from ${prepared[0]!.driver}: ${states.length} states of ` +
        `${Math.min(...stateKb).toFixed(0)}–${Math.max(...stateKb).toFixed(0)} KB each; ` +
        `${repetitions} repetition(s), servers interleaved, fresh process per run, one warm-up open each`,
    )

    const servers = [...BASELINES.map((s) => s.name), ...prepared.map((p) => `rouages-${p.driver}`)]
    const total = repetitions * servers.length
    const runs: Run[] = []
    const failures: { server: string; repetition: number; error: string }[] = []
    for (let repetition = 1; repetition <= repetitions; repetition++) {
      const plan: { server: string; measureOnce: () => Promise<Run> }[] = [
        ...BASELINES.map((server) => ({
          server: server.name,
          measureOnce: () => measureBaseline(server, files.get(server.name)!, baselineNames, repetition),
        })),
        ...prepared.map((p) => ({
          server: `rouages-${p.driver}`,
          measureOnce: () => measureRouages(p, repetition),
        })),
      ]
      for (const { server, measureOnce } of plan) {
        const index = runs.length + failures.length + 1
        try {
          const run = await measureOnce()
          runs.push(run)
          ctx.log(runLine(run, index, total))
        } catch (error) {
          // One failed run must not throw away the others: it shows in "repetitions measured".
          const message = error instanceof Error ? error.message : String(error)
          failures.push({ server, repetition, error: message })
          ctx.log(`[${index}/${total}] ${server} #${repetition}: FAILED: ${message}`)
        }
      }
    }
    ctx.details[SCENARIO] = { copies, repetitions, servers, runs, failures }
    const rows = rowsOf(runs, servers, repetitions)
    for (const failure of failures) {
      const row = rows.find((r) => r.server === failure.server && r.figure === 'repetitions measured')
      if (row)
        row.note = `${row.note ? `${row.note}; ` : ''}#${failure.repetition}: ${failure.error}`.slice(0, 200)
    }
    return rows
  } finally {
    for (const p of prepared) await p.storage.remove()
  }
}

export const coldLoad: BenchScenario = {
  name: SCENARIO,
  run: (ctx) =>
    withDeadline(SCENARIO, (ctx.quick ? 2 : 5) * 60_000, async () => {
      const { drivers, skipped } = await driversFor(ctx, SCENARIO)
      const scratch = mkdtempSync(path.join(tmpdir(), 'rouages-bench-cold-'))
      try {
        const rows = await measure(ctx, drivers, scratch)
        for (const row of rows) if (row.goal) ctx.log(`${row.server} ${row.figure}: ${row.value} ${row.unit}`)
        return [...rows, ...skipped]
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    }),
}

await runAloneIfMain(coldLoad, import.meta.url)
