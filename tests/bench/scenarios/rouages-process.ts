/**
 * What scenarios c, d and e share: Rouages in its own process on SQLite or PostgreSQL, a signed-in
 * owner with school years filled by the generator, timings read inside the server through the
 * inspector (no server code for benchmarks), figures as table rows, a deadline, and running one
 * scenario alone (`node tests/bench/scenarios/<name>.ts [--quick]`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { api, createEtablissement, type Account } from '../../helpers/accounts.ts'
import { INSPECT_ENV, Inspector } from '../../helpers/inspector.ts'
import { createTestDatabase } from '../../helpers/postgres.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../../helpers/server-process.ts'
import { fillYearOnServer, type GeneratedYear } from '../generate-year.ts'
import { machineInfo, percentile, processCpuSeconds } from '../measure.ts'
import { formatRows, machineLines } from '../report.ts'
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts'

export const FRAMEWORK = 'lycee-des-metiers'
export const SCHOOL_YEAR = '2025-2026'
const PG_DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test'

export type DriverName = 'sqlite' | 'postgres'

/** A storage for one scenario: a temp DATA_DIR, and for PostgreSQL a database of its own. */
export interface Storage {
  driver: DriverName
  dataDir: string
  databaseUrl: string | undefined
  remove(): Promise<void>
}

/**
 * The storages to measure: SQLite always; PostgreSQL from DATABASE_URL (or the local default)
 * when it answers, else a reason to print.
 */
export async function storages(): Promise<{ available: DriverName[]; postgresSkipped?: string }> {
  const url = process.env.DATABASE_URL || PG_DEFAULT_URL
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('select 1')
    return { available: ['sqlite', 'postgres'] }
  } catch (error) {
    return {
      available: ['sqlite'],
      postgresSkipped: `PostgreSQL unreachable at ${url} (${error instanceof Error ? error.message : String(error)}): skipped`,
    }
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * The storages a scenario measures: both in the full run; SQLite only with --quick, to stay short.
 * An unreachable PostgreSQL is said in the log and as a "skipped" row.
 */
export async function driversFor(
  ctx: BenchContext,
  scenario: string,
): Promise<{ drivers: DriverName[]; skipped: BenchRow[] }> {
  if (ctx.quick) {
    ctx.log('quick run: SQLite only (PostgreSQL is measured in the full run)')
    return { drivers: ['sqlite'], skipped: [] }
  }
  const { available, postgresSkipped } = await storages()
  if (!postgresSkipped) return { drivers: available, skipped: [] }
  ctx.log(postgresSkipped)
  return {
    drivers: available,
    skipped: [
      {
        scenario,
        server: 'rouages-postgres',
        figure: 'run',
        value: 'skipped',
        unit: '',
        note: 'PostgreSQL unreachable',
      },
    ],
  }
}

export async function createStorage(driver: DriverName): Promise<Storage> {
  const data = tempDataDir()
  if (driver === 'sqlite')
    return { driver, dataDir: data.dir, databaseUrl: undefined, remove: () => Promise.resolve(data.remove()) }
  const db = await createTestDatabase(process.env.DATABASE_URL || PG_DEFAULT_URL)
  return {
    driver,
    dataDir: data.dir,
    databaseUrl: db.url,
    async remove() {
      await db.drop()
      data.remove()
    },
  }
}

/** Every Rouages process a scenario started and has not stopped: killed when it fails or times out. */
const started = new Set<ServerProcess>()

/** Rouages on `storage`, optionally under the inspector (to read timings inside it). */
export async function startRouages(
  storage: Storage,
  options: { inspect?: boolean } = {},
): Promise<{ server: ServerProcess; inspector?: Inspector; stop(): Promise<void> }> {
  const server = await startServerProcess({
    dataDir: storage.dataDir,
    env: {
      LOG_LEVEL: 'info',
      APP_DIR: '',
      SMTP_URL: '',
      DATABASE_URL: storage.databaseUrl ?? '',
      ...(options.inspect ? INSPECT_ENV : {}),
    },
  })
  started.add(server)
  const inspector = options.inspect ? await Inspector.attach(server) : undefined
  return {
    server,
    ...(inspector ? { inspector } : {}),
    async stop() {
      inspector?.close()
      // Graceful: every document is written before the process exits.
      const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000)
      await server.stop('SIGTERM')
      clearTimeout(timer)
      started.delete(server)
    },
  }
}

function killStarted(): void {
  for (const server of started) server.child.kill('SIGKILL')
  started.clear()
}

/** An établissement of `owner` with the year opened through the API and filled by the generator. */
export async function filledYear(
  server: ServerProcess,
  owner: Account,
  seed: number,
  name = `Lycée des métiers ${seed}`,
): Promise<{ etablissementId: string; documentName: string; summary: GeneratedYear; updateBytes: number }> {
  const etablissement = await createEtablissement(server, owner, name)
  const res = await api(server, `/etablissements/${etablissement.id}/annees`, {
    cookie: owner.cookie,
    body: { schoolYear: SCHOOL_YEAR, frameworkIds: [FRAMEWORK] },
  })
  if (res.status !== 201) throw new Error(`opening a year: ${res.status} ${await res.text()}`)
  const { documentName } = (await res.json()) as SchoolYear
  const { summary, updateBytes } = await fillYearOnServer(
    { server, cookie: owner.cookie, etablissementId: etablissement.id, schoolYear: SCHOOL_YEAR },
    { seed },
  )
  return { etablissementId: etablissement.id, documentName, summary, updateBytes }
}

/**
 * A real HocuspocusProvider on its own socket, sending the session cookie as a browser does and
 * counting the bytes the server sends. Resolves at the provider's `synced` event (no polling, so
 * the time is exact).
 */
export async function openProvider(
  wsUrl: string,
  documentName: string,
  cookie: string,
  timeoutMs = 15_000,
): Promise<{ doc: Y.Doc; syncedMs: number; bytesAtSync: number; destroy(): void }> {
  let bytes = 0
  class CountingSocket extends WebSocket {
    constructor(...[address, protocols]: ConstructorParameters<typeof WebSocket>) {
      super(address, protocols, { headers: { cookie } })
      this.on('error', () => {})
      this.on('message', (data: Buffer) => (bytes += data.byteLength))
    }
  }
  const start = performance.now()
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: CountingSocket,
    maxAttempts: 1,
  })
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentName, document: doc })
  const destroy = () => {
    provider.destroy()
    socket.destroy()
  }
  let timer: NodeJS.Timeout | undefined
  const synced = new Promise<{ syncedMs: number; bytesAtSync: number }>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${documentName} not synced in ${timeoutMs} ms`)), timeoutMs)
    provider.on('synced', () => resolve({ syncedMs: performance.now() - start, bytesAtSync: bytes }))
    provider.on('authenticationFailed', () => reject(new Error(`${documentName}: authentication failed`)))
  })
  provider.attach()
  try {
    return { doc, ...(await synced), destroy }
  } catch (error) {
    destroy()
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/**
 * CPU seconds used so far by every process named `name` (`postgres`: the PostgreSQL server and
 * its backends), so the database's share can be told apart from the rest of the machine.
 */
export function cpuSecondsOfProcesses(name: string): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name)
        total += processCpuSeconds(Number(entry))
    } catch {
      // The process ended meanwhile.
    }
  }
  return total
}

/** p50/p95/p99/max of samples. */
export function stats(samples: readonly number[]) {
  const sorted = Float64Array.from(samples).sort()
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  }
}

export const round = (value: number, digits = 1) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : Number.NaN

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Rejects after `ms` and kills the servers the scenario started, so a hang cannot block the run. */
export async function withDeadline<T>(name: string, ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      killStarted()
      reject(new Error(`${name} still running after ${ms / 1000} s: aborted`))
    }, ms)
  })
  try {
    return await Promise.race([work(), deadline])
  } catch (error) {
    killStarted()
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `node tests/bench/scenarios/<name>.ts [--quick]`: runs the scenario alone when its module is
 * the entry point, prints the machine and the table.
 */
export async function runAloneIfMain(scenario: BenchScenario, moduleUrl: string): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return
  const quick = process.argv.includes('--quick')
  for (const line of machineLines(machineInfo(['@hocuspocus/server', 'yjs', 'hono', 'kysely', 'pg'])))
    console.log(line)
  console.log(`mode: ${quick ? 'quick' : 'full'}\n— ${scenario.name}`)
  const context: BenchContext = { quick, log: (line) => console.log(line), details: {} }
  let rows: BenchRow[] = []
  const startedAt = performance.now()
  try {
    rows = await scenario.run(context)
  } catch (error) {
    console.error(error)
    process.exitCode = 1
  } finally {
    killStarted()
  }
  console.log(`— ${scenario.name}: ${((performance.now() - startedAt) / 1000).toFixed(0)} s\n`)
  if (rows.length > 0) console.log(formatRows(rows))
  // Sockets or timers left behind must not keep the process waiting.
  process.exit()
}
