/**
 * e. The HTTP API with real sessions: reads and lists of an établissement in use.
 *
 * Per storage (SQLite, and PostgreSQL in the full run when it answers): an owner and 11 members,
 * each signed in with a session of their own (every request carries one, round-robin, so the
 * server validates a real session per request); two school years, three bilans, six séances.
 * - reads: `GET /api/auth/me`, `GET /api/etablissements/:id`;
 * - lists: members, school years, bilans of the year, séances of the year.
 * Open loop at 200 and 1,000 req/s offered (requests leave on a fixed schedule whatever the
 * answers, over at most 50 keep-alive connections; latency counts from the scheduled time, so a
 * server falling behind shows as latency, not as a slower schedule): achieved req/s, p50, p99.
 * Closed loop (8 and 32 requests in flight, each sent as the previous one answers): the maximum
 * sustained req/s of the lists, and of the reads for comparison. The harness's own CPU is
 * measured in every window (a window where it exceeds 80 % of a core is flagged invalid), with
 * the server's and the rest of the machine's.
 */
import http from 'node:http'
import { addMember, api, createEtablissement, signUp, type Account } from '../../helpers/accounts.ts'
import type { ServerProcess } from '../../helpers/server-process.ts'
import { MAX_HARNESS_CPU_PCT } from '../load.ts'
import { UsageMeter, type WindowUsage } from '../measure.ts'
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts'
import {
  FRAMEWORK,
  SCHOOL_YEAR,
  cpuSecondsOfProcesses,
  createStorage,
  driversFor,
  round,
  runAloneIfMain,
  sleep,
  startRouages,
  stats,
  withDeadline,
  type DriverName,
} from './rouages-process.ts'

const SCENARIO = 'e. HTTP API'
const MEMBERS = 11
const CONNECTIONS = 50
const RATES = [200, 1_000]
const CONCURRENCY = [8, 32]
const TIMING = {
  full: { warmupMs: 1_000, windowMs: 8_000 },
  quick: { warmupMs: 500, windowMs: 2_000 },
}
/** After a window, how long answers may still come before the rest count as lost. */
const DRAIN_MS = 5_000
const READ_P99_GOAL_MS = 10
const LIST_GOAL_RPS = 2_000
const NOISY_OTHER_CPU_PCT = 25

interface Target {
  server: ServerProcess
  cookies: string[]
  reads: string[]
  lists: string[]
}

interface Window {
  label: string
  offered: number | null
  achievedRps: number
  p50: number
  p99: number
  completed: number
  errors: number
  usage: WindowUsage
  /** The PostgreSQL processes, % of one core (they would otherwise count as "other"). */
  dbCpuPct: number
}

/** An établissement in use: members with their own sessions, years, bilans, séances. */
async function setUp(server: ServerProcess): Promise<Target> {
  const owner = await signUp(server, 'Claire Martin')
  const etablissement = await createEtablissement(server, owner)
  const e = etablissement.id
  const members: Account[] = []
  for (let i = 0; i < MEMBERS; i++)
    members.push(
      await addMember(server, owner, e, i === 0 ? 'facilitator' : 'contributor', `Membre ${i + 1}`),
    )
  for (const schoolYear of ['2024-2025', SCHOOL_YEAR]) {
    const res = await api(server, `/etablissements/${e}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear, frameworkIds: [FRAMEWORK] },
    })
    if (res.status !== 201) throw new Error(`opening ${schoolYear}: ${res.status} ${await res.text()}`)
  }
  const year = `/etablissements/${e}/annees/${SCHOOL_YEAR}`
  for (const name of ['Bilan de mi-parcours', 'Bilan de juin', 'Bilan pour le CA']) {
    const res = await api(server, `${year}/bilans`, { cookie: owner.cookie, body: { name, note: '' } })
    if (res.status !== 201) throw new Error(`freezing: ${res.status} ${await res.text()}`)
  }
  for (let i = 0; i < 6; i++) {
    const res = await api(server, `${year}/seances`, {
      cookie: owner.cookie,
      body: {
        title: `Conseil pédagogique ${i + 1}`,
        kind: 'conseil-pedagogique',
        guestsAllowed: i % 2 === 0,
        steps: [{ kind: 'criterion', title: 'Critère 4', target: `${FRAMEWORK}/ldm-4` }],
      },
    })
    if (res.status !== 201) throw new Error(`opening a séance: ${res.status} ${await res.text()}`)
  }
  return {
    server,
    cookies: [owner, ...members].map((account) => account.cookie),
    reads: ['/api/auth/me', `/api/etablissements/${e}`],
    lists: [
      `/api/etablissements/${e}/members`,
      `/api/etablissements/${e}/annees`,
      `/api${year}/bilans`,
      `/api${year}/seances`,
    ],
  }
}

/** GET requests over a bounded pool of keep-alive connections; resolves with the status. */
class Client {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS })
  readonly #url: URL
  #next = 0

  readonly #target: Target

  constructor(base: string, target: Target) {
    this.#url = new URL(base)
    this.#target = target
  }

  get(paths: readonly string[]): Promise<number> {
    const n = this.#next++
    const path = paths[n % paths.length]!
    const cookie = this.#target.cookies[n % this.#target.cookies.length]!
    return new Promise((resolve) => {
      const req = http.request(
        {
          agent: this.#agent,
          host: this.#url.hostname,
          port: this.#url.port,
          path,
          method: 'GET',
          headers: { cookie, accept: 'application/json' },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
          res.on('error', () => resolve(0))
        },
      )
      req.on('error', () => resolve(0))
      req.end()
    })
  }

  close(): void {
    this.#agent.destroy()
  }
}

/** Requests on a fixed schedule, `rate` per second; latency from each one's scheduled time. */
async function openLoop(
  client: Client,
  paths: readonly string[],
  rate: number,
  durationMs: number,
  record: boolean,
  latencies: number[],
): Promise<{ completed: number; errors: number; lastDone: number; start: number }> {
  const period = 1000 / rate
  const total = Math.round((durationMs / 1000) * rate)
  const start = performance.now()
  let sent = 0
  let completed = 0
  let errors = 0
  let lastDone = start
  const inFlight: Promise<void>[] = []
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * period <= now) {
        const scheduled = start + sent * period
        sent++
        inFlight.push(
          client.get(paths).then((status) => {
            lastDone = performance.now()
            if (status !== 200) errors++
            else {
              completed++
              if (record) latencies.push(lastDone - scheduled)
            }
          }),
        )
      }
      if (sent < total) setTimeout(tick, 1)
      else resolve()
    }
    tick()
  })
  await Promise.race([Promise.all(inFlight), sleep(DRAIN_MS)])
  return { completed, errors, lastDone, start }
}

/** `concurrency` requests in flight, each sent as the previous one answers, for `durationMs`. */
async function closedLoop(
  client: Client,
  paths: readonly string[],
  concurrency: number,
  durationMs: number,
  latencies: number[],
): Promise<{ completed: number; errors: number }> {
  const end = performance.now() + durationMs
  let completed = 0
  let errors = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const sent = performance.now()
        const status = await client.get(paths)
        if (status !== 200) errors++
        else {
          completed++
          latencies.push(performance.now() - sent)
        }
      }
    }),
  )
  return { completed, errors }
}

/** The usage meter of a window, with the database's share taken out of "other". */
function meter(pid: number, driver: DriverName): () => { usage: WindowUsage; dbCpuPct: number } {
  const usage = new UsageMeter(pid)
  const db = driver === 'postgres' ? cpuSecondsOfProcesses('postgres') : 0
  return () => {
    const measured = usage.stop()
    const dbCpuPct =
      driver === 'postgres' ? ((cpuSecondsOfProcesses('postgres') - db) * 100_000) / measured.wallMs : 0
    return {
      usage: { ...measured, otherCpuPct: Math.max(0, measured.otherCpuPct - dbCpuPct) },
      dbCpuPct,
    }
  }
}

async function measureStorage(driver: DriverName, ctx: BenchContext): Promise<Window[]> {
  const timing = ctx.quick ? TIMING.quick : TIMING.full
  const storage = await createStorage(driver)
  try {
    const rouages = await startRouages(storage)
    try {
      const target = await setUp(rouages.server)
      const pid = rouages.server.child.pid!
      const client = new Client(rouages.server.url, target)
      const windows: Window[] = []
      try {
        // Check every route answers before timing anything.
        for (const path of [...target.reads, ...target.lists]) {
          const status = await client.get([path])
          if (status !== 200) throw new Error(`${path}: ${status}`)
        }
        for (const [label, paths] of [
          ['reads', target.reads],
          ['lists', target.lists],
        ] as const) {
          for (const rate of RATES) {
            await openLoop(client, paths, rate, timing.warmupMs, false, [])
            const latencies: number[] = []
            const stop = meter(pid, driver)
            const r = await openLoop(client, paths, rate, timing.windowMs, true, latencies)
            const { usage, dbCpuPct } = stop()
            const s = stats(latencies)
            windows.push({
              label,
              offered: rate,
              achievedRps: (r.completed * 1000) / Math.max(timing.windowMs, r.lastDone - r.start),
              p50: s.p50,
              p99: s.p99,
              completed: r.completed,
              errors: r.errors,
              usage,
              dbCpuPct,
            })
          }
          for (const concurrency of CONCURRENCY) {
            await closedLoop(client, paths, concurrency, timing.warmupMs, [])
            const latencies: number[] = []
            const stop = meter(pid, driver)
            const r = await closedLoop(client, paths, concurrency, timing.windowMs, latencies)
            const { usage, dbCpuPct } = stop()
            const s = stats(latencies)
            windows.push({
              label: `${label}, ${concurrency} in flight`,
              offered: null,
              achievedRps: (r.completed * 1000) / usage.wallMs,
              p50: s.p50,
              p99: s.p99,
              completed: r.completed,
              errors: r.errors,
              usage,
              dbCpuPct,
            })
          }
        }
      } finally {
        client.close()
      }
      for (const w of windows)
        ctx.log(
          `${driver} ${w.label}${w.offered ? ` @ ${w.offered} req/s` : ''}: ${w.achievedRps.toFixed(0)} req/s, ` +
            `p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, ${w.errors} errors; ` +
            `server ${w.usage.serverCpuPct.toFixed(0)}%, harness ${w.usage.harnessCpuPct.toFixed(0)}%, ` +
            `${driver === 'postgres' ? `PostgreSQL ${w.dbCpuPct.toFixed(0)}%, ` : ''}` +
            `other ${w.usage.otherCpuPct.toFixed(0)}% CPU`,
        )
      return windows
    } finally {
      await rouages.stop()
    }
  } finally {
    await storage.remove()
  }
}

/** "server / harness / database" CPU, % of one core ("-": SQLite runs inside the server). */
const cpuCell = (w: Window) =>
  `${w.usage.serverCpuPct.toFixed(0)} / ${w.usage.harnessCpuPct.toFixed(0)} / ` +
  (w.dbCpuPct > 0 ? w.dbCpuPct.toFixed(0) : '-')

function rowsOf(driver: DriverName, windows: Window[]): BenchRow[] {
  const server = `rouages-${driver}`
  const rows: BenchRow[] = []
  const validity = (w: Window): Partial<BenchRow> => {
    const notes = [
      w.usage.harnessCpuPct > MAX_HARNESS_CPU_PCT
        ? `INVALID: harness ${w.usage.harnessCpuPct.toFixed(0)} % CPU`
        : '',
      w.errors > 0 ? `${w.errors} errors` : '',
      w.usage.otherCpuPct > NOISY_OTHER_CPU_PCT ? `noisy: other ${w.usage.otherCpuPct.toFixed(0)} % CPU` : '',
    ].filter(Boolean)
    return notes.length > 0 ? { note: notes.join('; ') } : {}
  }
  const invalid = (w: Window) => w.usage.harnessCpuPct > MAX_HARNESS_CPU_PCT || w.errors > 0
  for (const w of windows.filter((w) => w.offered !== null)) {
    const at = `${w.label} @ ${w.offered} req/s`
    const readGoal: Partial<BenchRow> =
      w.label === 'reads'
        ? { goal: `p99 ≤ ${READ_P99_GOAL_MS} ms`, met: invalid(w) ? null : w.p99 <= READ_P99_GOAL_MS }
        : {}
    rows.push(
      {
        scenario: SCENARIO,
        server,
        figure: `${at}: achieved`,
        value: round(w.achievedRps, 0),
        unit: 'req/s',
      },
      { scenario: SCENARIO, server, figure: `${at}: p50`, value: round(w.p50, 2), unit: 'ms' },
      {
        scenario: SCENARIO,
        server,
        figure: `${at}: p99`,
        value: round(w.p99, 2),
        unit: 'ms',
        ...readGoal,
        ...validity(w),
      },
      {
        scenario: SCENARIO,
        server,
        figure: `${at}: server / harness / database CPU`,
        value: cpuCell(w),
        unit: '% of a core',
      },
    )
  }
  for (const label of ['reads', 'lists'] as const) {
    const closed = windows.filter((w) => w.offered === null && w.label.startsWith(label))
    const best = closed.reduce((a, b) => (b.achievedRps > a.achievedRps ? b : a))
    const goal: Partial<BenchRow> =
      label === 'lists'
        ? { goal: `≥ ${LIST_GOAL_RPS} req/s`, met: invalid(best) ? null : best.achievedRps >= LIST_GOAL_RPS }
        : {}
    rows.push(
      {
        scenario: SCENARIO,
        server,
        figure: `${label}: max sustained (closed loop)`,
        value: round(best.achievedRps, 0),
        unit: 'req/s',
        ...goal,
        ...validity(best),
      },
      {
        scenario: SCENARIO,
        server,
        figure: `${label}: requests in flight for that`,
        value: Number(best.label.split(', ')[1]?.split(' ')[0]),
        unit: 'requests',
      },
      {
        scenario: SCENARIO,
        server,
        figure: `${label}: p99 at that load`,
        value: round(best.p99, 2),
        unit: 'ms',
      },
      {
        scenario: SCENARIO,
        server,
        figure: `${label}: server / harness / database CPU at that load`,
        value: cpuCell(best),
        unit: '% of a core',
      },
    )
  }
  return rows
}

export const httpApi: BenchScenario = {
  name: SCENARIO,
  run: (ctx) =>
    withDeadline(SCENARIO, (ctx.quick ? 1.5 : 4) * 60_000, async () => {
      const { drivers, skipped } = await driversFor(ctx, SCENARIO)
      const rows: BenchRow[] = []
      for (const driver of drivers) {
        const windows = await measureStorage(driver, ctx)
        ctx.details[`${SCENARIO} ${driver}`] = windows
        rows.push(...rowsOf(driver, windows))
      }
      rows.push(...skipped)
      return rows
    }),
}

await runAloneIfMain(httpApi, import.meta.url)
