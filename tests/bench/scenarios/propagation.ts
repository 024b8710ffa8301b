/**
 * a. Edit propagation: N thin clients share one document and each makes `editsPerSecond` edits,
 * spread evenly. Figures: fan-out latency (writer sends → every other client receives), the
 * server's CPU and RSS, the harness's own CPU. Every server runs in its own process, started
 * fresh for each run; servers alternate (raw, hocuspocus, y-websocket, rouages, raw…) so drift
 * on the machine hits them alike; each (load, server) is repeated and the median of each figure
 * kept.
 */
import { failedRun, runOnce, type RunResult, type Scenario, type Timing } from '../load.ts'
import { packageVersion } from '../measure.ts'
import { formatRunTable, runLine, summarizeRuns, type SummaryRow } from '../report.ts'
import type { BenchRow, BenchScenario } from '../scenario.ts'
import { ALL_SERVERS } from '../servers.ts'

interface Load extends Scenario {
  /** Rouages' own p99 goal for this load, in ms (issue 8), if it has one. */
  p99GoalMs?: number
  /** Shorter windows for the busiest loads (plenty of samples anyway), so the run stays bounded. */
  windowMs?: number
}

const LOADS: Load[] = [
  { name: 'N=10, 1 edit/s', clients: 10, editsPerSecond: 1 },
  { name: 'N=60, 1 edit/s', clients: 60, editsPerSecond: 1, p99GoalMs: 10 },
  { name: 'N=300, 1 edit/s', clients: 300, editsPerSecond: 1, p99GoalMs: 50, windowMs: 5_000 },
  { name: 'N=60, 5 edits/s', clients: 60, editsPerSecond: 5, windowMs: 5_000 },
]

const FULL: Timing = { warmupMs: 2_000, windowMs: 8_000, drainMs: 2_000, connectTimeoutMs: 20_000 }
const QUICK: Timing = { warmupMs: 1_000, windowMs: 2_000, drainMs: 2_000, connectTimeoutMs: 20_000 }
const REPETITIONS = { full: 3, quick: 1 }

/** Above this much CPU used by the rest of the machine, tail latencies measure the neighbours too. */
const NOISY_OTHER_CPU_PCT = 25

/** Rouages' goals against bare Hocuspocus, measured in the same run. */
const P50_MARGIN_MS = 1
const P99_FACTOR = 1.25

const SCENARIO = 'a. edit propagation'

export const propagation: BenchScenario = {
  name: SCENARIO,
  async run(ctx) {
    const base = ctx.quick ? QUICK : FULL
    const repetitions = ctx.quick ? REPETITIONS.quick : REPETITIONS.full
    const timingOf = (load: Load): Timing => ({
      ...base,
      windowMs: ctx.quick ? base.windowMs : (load.windowMs ?? base.windowMs),
    })
    const windows = LOADS.map((load) => `${load.name}: ${timingOf(load).windowMs / 1000} s`).join(', ')
    ctx.log(
      `${SCENARIO}: fresh server per run, ${base.warmupMs / 1000} s warm-up, then a measured window (${windows}); ` +
        `${repetitions} repetition(s) interleaved across servers; figures are medians of the valid repetitions`,
    )

    const providerVersion = packageVersion('@hocuspocus/provider')
    const results: RunResult[] = []
    const total = LOADS.length * repetitions * ALL_SERVERS.length
    for (const load of LOADS) {
      for (let repetition = 1; repetition <= repetitions; repetition++) {
        for (const server of ALL_SERVERS) {
          // One failed run must not throw away the others: it is reported as invalid.
          const result = await runOnce(server, load, timingOf(load), repetition, providerVersion).catch(
            (error: unknown) => failedRun(load, server.name, repetition, error),
          )
          results.push(result)
          ctx.log(runLine(result, results.length, total))
        }
      }
    }

    const summary = summarizeRuns(
      results,
      LOADS,
      ALL_SERVERS.map((s) => s.name),
    )
    ctx.log('')
    ctx.log(formatRunTable(summary))
    ctx.details[SCENARIO] = {
      timing: {
        full: FULL,
        quick: QUICK,
        windowsMs: LOADS.map((load) => [load.name, timingOf(load).windowMs]),
      },
      repetitions,
      loads: LOADS,
      servers: ALL_SERVERS.map(({ name, description }) => ({ name, description })),
      summary,
      runs: results,
    }
    return LOADS.flatMap((load) => rowsOf(load, summary))
  },
}

const round = (value: number, digits: number) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : 'n/a'

function rowsOf(load: Load, summary: readonly SummaryRow[]): BenchRow[] {
  const of = (server: string) => summary.find((row) => row.scenario === load.name && row.server === server)
  const bare = of('hocuspocus')
  return summary
    .filter((row) => row.scenario === load.name)
    .flatMap((row) => {
      const scenario = `a. ${load.name}`
      const base = { scenario, server: row.server }
      const validity = { ...base, figure: 'valid runs', value: `${row.validRuns}/${row.runs}`, unit: '' }
      const why = row.problems.join('; ').slice(0, 140)
      const isRouages = row.server === 'rouages'
      const p50Goal = isRouages ? p50GoalOf(row, bare) : {}
      const p99Goal = isRouages ? p99GoalOf(row, bare, load.p99GoalMs) : {}
      const busiest = Math.max(row.otherCpuPct, bare?.otherCpuPct ?? 0)
      const noisy =
        isRouages && busiest > NOISY_OTHER_CPU_PCT
          ? {
              note: `noisy: other processes used up to ${busiest.toFixed(0)}% of a core (median) in these runs`,
            }
          : {}
      return [
        { ...base, figure: 'p50 fan-out', value: round(row.p50Ms, 2), unit: 'ms', ...p50Goal },
        { ...base, figure: 'p99 fan-out', value: round(row.p99Ms, 2), unit: 'ms', ...p99Goal, ...noisy },
        { ...base, figure: 'p99 acknowledgement', value: round(row.ackP99Ms, 2), unit: 'ms' },
        { ...base, figure: 'server CPU', value: round(row.serverCpuPct, 1), unit: '% of a core' },
        { ...base, figure: 'server RSS', value: round(row.serverRssMb, 0), unit: 'MB' },
        {
          ...base,
          figure: 'harness CPU, all threads',
          value: round(row.harnessCpuPct, 1),
          unit: '% of a core',
        },
        {
          ...base,
          figure: `busiest harness thread (of ${row.harnessThreads})`,
          value: round(row.harnessBusiestThreadPct, 1),
          unit: '% of a core',
        },
        { ...base, figure: 'other CPU', value: round(row.otherCpuPct, 0), unit: '% of a core' },
        { ...base, figure: 'delivered (worst run)', value: round(row.minDeliveredPct, 2), unit: '%' },
        why ? { ...validity, note: why } : validity,
      ] satisfies BenchRow[]
    })
}

/** Figures from runs that were all invalid (or missing) judge nothing. */
const judged = (row: SummaryRow | undefined): row is SummaryRow => row !== undefined && row.validRuns > 0

function p50GoalOf(row: SummaryRow, bare: SummaryRow | undefined): Pick<BenchRow, 'goal' | 'met'> {
  if (!judged(bare) || !judged(row) || !Number.isFinite(bare.p50Ms) || !Number.isFinite(row.p50Ms)) {
    return { goal: `≤ hocuspocus + ${P50_MARGIN_MS} ms`, met: null }
  }
  const limit = bare.p50Ms + P50_MARGIN_MS
  return { goal: `≤ hocuspocus + ${P50_MARGIN_MS} ms = ${limit.toFixed(2)} ms`, met: row.p50Ms <= limit }
}

function p99GoalOf(
  row: SummaryRow,
  bare: SummaryRow | undefined,
  absoluteMs: number | undefined,
): Pick<BenchRow, 'goal' | 'met'> {
  const goals: string[] = []
  const checks: (boolean | null)[] = []
  const valid = judged(row) && Number.isFinite(row.p99Ms)
  if (judged(bare) && Number.isFinite(bare.p99Ms)) {
    const limit = bare.p99Ms * P99_FACTOR
    goals.push(`≤ ${P99_FACTOR} × hocuspocus = ${limit.toFixed(2)} ms`)
    checks.push(valid ? row.p99Ms <= limit : null)
  } else {
    goals.push(`≤ ${P99_FACTOR} × hocuspocus`)
    checks.push(null)
  }
  if (absoluteMs !== undefined) {
    goals.push(`≤ ${absoluteMs} ms`)
    checks.push(valid ? row.p99Ms <= absoluteMs : null)
  }
  const met = checks.includes(false) ? false : checks.includes(null) ? null : true
  return { goal: goals.join(' and '), met }
}
