/**
 * c. Cold load of a realistic school-year document, from SQLite and from PostgreSQL.
 *
 * Per storage: K établissements of one owner each get a year opened through the API and filled by
 * the generator (generate-year.ts, one seed each: ~4,500 edits from ~300 sessions, ~240 KB of
 * state), sent through a real provider. The server is then stopped gracefully (every document
 * compacted to storage) and restarted under the inspector, so no document is in memory. One extra
 * copy is opened first, unmeasured (a server that has been up a while has its code warm). Then
 * each copy is opened once by a real HocuspocusProvider with the owner's session cookie:
 * - until synced: socket created → the provider's `synced` event (upgrade, authentication,
 *   loading from storage, sync), and the bytes received until then;
 * - server side: measured inside the server (wrappers installed through the inspector on the
 *   Hocuspocus instance, no benchmark code in the server): the `onAuthenticate` hooks (session
 *   and membership lookups) plus `loadDocument` (storage read, Yjs apply, schema migration and
 *   plan watchers of the `afterLoadDocument` hooks);
 * - warm open: a second provider on the same document while the first keeps it loaded, for
 *   contrast (what a cold open costs beyond a warm one is the load).
 * K cold loads per storage (20, or 4 with --quick), each a different document loaded once.
 */
import * as Y from 'yjs'
import type { Inspector } from '../../helpers/inspector.ts'
import { signUp } from '../../helpers/accounts.ts'
import { MAX_HARNESS_CPU_PCT } from '../load.ts'
import { UsageMeter, type WindowUsage } from '../measure.ts'
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts'
import {
  createStorage,
  filledYear,
  openProvider,
  round,
  runAloneIfMain,
  startRouages,
  stats,
  driversFor,
  withDeadline,
  type DriverName,
} from './rouages-process.ts'

const SCENARIO = 'c. cold load'
const SEED = 3100
const COPIES = { full: 20, quick: 4 }
const SERVER_GOAL_MS = 150
const SYNCED_GOAL_MS = 250
/** Above this much CPU used by the rest of the machine, the timings measure the neighbours. */
const NOISY_OTHER_CPU_PCT = 25

interface Sample {
  documentName: string
  syncedMs: number
  bytes: number
  warmSyncedMs: number
  stateBytes: number
  authMs: number
  loadMs: number
  storageMs: number
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

async function measureStorage(
  driver: DriverName,
  ctx: BenchContext,
): Promise<{ samples: Sample[]; usage: WindowUsage }> {
  const copies = ctx.quick ? COPIES.quick : COPIES.full
  const storage = await createStorage(driver)
  try {
    let rouages = await startRouages(storage)
    const owner = await signUp(rouages.server)
    const years = []
    const fillStart = performance.now()
    for (let i = 0; i <= copies; i++) years.push(await filledYear(rouages.server, owner, SEED + i))
    const { summary, updateBytes } = years[0]!
    ctx.log(
      `${driver}: ${copies + 1} years filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s ` +
        `(each ~${summary.edits} edits from ${summary.sessions} sessions, ${summary.descriptors} descriptors, ` +
        `${summary.actions} actions, ${summary.indicators} indicators; ${Math.round(updateBytes / 1024)} KB sent)`,
    )
    await rouages.stop()

    rouages = await startRouages(storage, { inspect: true })
    const inspector = rouages.inspector!
    const instances = await inspector.onInstances<number>('@hocuspocus/server', 'Hocuspocus', INSTALL_TIMERS)
    if (instances === 0) throw new Error('no Hocuspocus instance found in the server')
    const { wsUrl } = rouages.server
    let usage: WindowUsage
    try {
      const warmup = years.at(-1)!
      const first = await openProvider(wsUrl, warmup.documentName, owner.cookie)
      first.destroy()
      ctx.log(
        `${driver}: first load after the restart (warm-up, not counted): ${first.syncedMs.toFixed(1)} ms`,
      )

      const samples: Omit<Sample, 'authMs' | 'loadMs' | 'storageMs'>[] = []
      const meter = new UsageMeter(rouages.server.child.pid!)
      for (const year of years.slice(0, copies)) {
        const cold = await openProvider(wsUrl, year.documentName, owner.cookie)
        const warm = await openProvider(wsUrl, year.documentName, owner.cookie)
        samples.push({
          documentName: year.documentName,
          syncedMs: cold.syncedMs,
          bytes: cold.bytesAtSync,
          warmSyncedMs: warm.syncedMs,
          stateBytes: Y.encodeStateAsUpdate(cold.doc).byteLength,
        })
        warm.destroy()
        cold.destroy()
      }
      usage = meter.stop()
      const timings = await readTimings(inspector)
      const first_ = (kind: Timing['kind'], name: string) =>
        timings.find((t) => t.kind === kind && t.name === name)?.ms ?? Number.NaN
      const measured = samples.map((sample) => ({
        ...sample,
        authMs: first_('onAuthenticate', sample.documentName),
        loadMs: first_('loadDocument', sample.documentName),
        storageMs: first_('onLoadDocument', sample.documentName),
      }))
      ctx.log(
        `${driver}: synced / server side / warm (ms): ` +
          measured
            .map(
              (m) =>
                `${m.syncedMs.toFixed(0)}/${(m.authMs + m.loadMs).toFixed(0)}/${m.warmSyncedMs.toFixed(0)}`,
            )
            .join(' '),
      )
      return { samples: measured, usage }
    } finally {
      await rouages.stop()
    }
  } finally {
    await storage.remove()
  }
}

function rowsOf(driver: DriverName, samples: Sample[], usage: WindowUsage): BenchRow[] {
  const server = `rouages-${driver}`
  const synced = stats(samples.map((s) => s.syncedMs))
  const serverSide = stats(samples.map((s) => s.authMs + s.loadMs))
  const load = stats(samples.map((s) => s.loadMs))
  const storageRead = stats(samples.map((s) => s.storageMs))
  const auth = stats(samples.map((s) => s.authMs))
  const warm = stats(samples.map((s) => s.warmSyncedMs))
  const difference = stats(samples.map((s) => s.syncedMs - s.warmSyncedMs))
  const bytes = stats(samples.map((s) => s.bytes))
  const state = stats(samples.map((s) => s.stateBytes))
  const row = (figure: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
    scenario: SCENARIO,
    server,
    figure,
    value,
    unit,
    ...extra,
  })
  return [
    row('cold loads measured', samples.length, 'documents'),
    row('until synced p50', round(synced.p50), 'ms'),
    row('until synced p95', round(synced.p95), 'ms', {
      goal: `≤ ${SYNCED_GOAL_MS} ms`,
      met: synced.p95 <= SYNCED_GOAL_MS,
    }),
    row('server side (auth + load) p50', round(serverSide.p50), 'ms'),
    row('server side (auth + load) p95', round(serverSide.p95), 'ms', {
      goal: `≤ ${SERVER_GOAL_MS} ms`,
      met: serverSide.p95 <= SERVER_GOAL_MS,
    }),
    row('  auth hooks p95', round(auth.p95), 'ms'),
    row('  loadDocument p95', round(load.p95), 'ms'),
    row('  of which onLoadDocument (storage read, apply) p95', round(storageRead.p95), 'ms'),
    row('warm open (document in memory) p50', round(warm.p50), 'ms'),
    row('cold − warm open, per document, p95 (the load seen from outside)', round(difference.p95), 'ms'),
    row('first sync received p50', round(bytes.p50 / 1024), 'KB'),
    row('document state p50', round(state.p50 / 1024), 'KB'),
    row('harness CPU while measuring', round(usage.harnessCpuPct, 0), '% of a core', {
      ...(usage.harnessCpuPct > MAX_HARNESS_CPU_PCT ? { note: 'INVALID: harness above 80 %' } : {}),
    }),
    row('other CPU while measuring', round(usage.otherCpuPct, 0), '% of a core', {
      ...(usage.otherCpuPct > NOISY_OTHER_CPU_PCT ? { note: 'noisy machine' } : {}),
    }),
  ]
}

export const coldLoad: BenchScenario = {
  name: SCENARIO,
  run: (ctx) =>
    withDeadline(SCENARIO, (ctx.quick ? 2 : 5) * 60_000, async () => {
      const { drivers, skipped } = await driversFor(ctx, SCENARIO)
      const rows: BenchRow[] = []
      for (const driver of drivers) {
        const { samples, usage } = await measureStorage(driver, ctx)
        ctx.details[`${SCENARIO} ${driver}`] = { samples, usage }
        const own = rowsOf(driver, samples, usage)
        for (const row of own) if (row.goal) ctx.log(`${row.server} ${row.figure}: ${row.value} ${row.unit}`)
        rows.push(...own)
      }
      rows.push(...skipped)
      return rows
    }),
}

await runAloneIfMain(coldLoad, import.meta.url)
