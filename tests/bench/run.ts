/**
 * Edit-propagation benchmark: `npm run bench` (add `-- --quick` for a short smoke run).
 *
 * For each scenario, N thin clients share one document and each makes `editsPerSecond` edits,
 * spread evenly. We measure fan-out latency (writer sends → every other client receives), the
 * server's CPU and RSS, and the harness's own CPU. Every server runs in its own process, started
 * fresh for each run; servers alternate (A, B, A, B…) so drift on the machine hits both alike.
 *
 * To add a server or a scenario, add an entry to `SERVERS` or `SCENARIOS`.
 */
import path from 'node:path'
import { failedRun, runOnce, type RunResult, type Scenario, type Timing } from './load.ts'
import { machineInfo, packageVersion } from './measure.ts'
import { formatTable, machineLines, runLine, summarizeRuns, writeJson } from './report.ts'
import { bareHocuspocus, killAllServers, rouages, type ServerUnderTest } from './servers.ts'

const SCENARIOS: Scenario[] = [
  { name: 'N=10, 1 edit/s', clients: 10, editsPerSecond: 1 },
  { name: 'N=60, 1 edit/s', clients: 60, editsPerSecond: 1 },
]

const SERVERS: ServerUnderTest[] = [bareHocuspocus, rouages]

const quick = process.argv.includes('--quick')
const REPETITIONS = quick ? 1 : 3
const TIMING: Timing = quick
  ? { warmupMs: 1_000, windowMs: 3_000, drainMs: 2_000, connectTimeoutMs: 15_000 }
  : { warmupMs: 3_000, windowMs: 10_000, drainMs: 2_000, connectTimeoutMs: 15_000 }

const RESULTS_FILE = path.join(import.meta.dirname, 'results/latest.json')
const PACKAGES = ['@hocuspocus/server', '@hocuspocus/provider', 'yjs', 'ws']
/** Above this much CPU used by the rest of the machine, tail latencies measure the neighbours. */
const NOISY_OTHER_CPU_PCT = 25
/** Hard stop well past the expected ~3 minutes, so a hang never blocks a terminal or CI. */
const WATCHDOG_MS = 8 * 60_000

async function main(): Promise<void> {
  const machine = machineInfo(PACKAGES)
  for (const line of machineLines(machine, TIMING, REPETITIONS)) console.log(line)
  console.log()

  const providerVersion = packageVersion('@hocuspocus/provider')
  const results: RunResult[] = []
  const total = SCENARIOS.length * REPETITIONS * SERVERS.length
  const startedAt = new Date()
  for (const scenario of SCENARIOS) {
    for (let repetition = 1; repetition <= REPETITIONS; repetition++) {
      for (const server of SERVERS) {
        // One failed run must not throw away the others: it is reported as invalid.
        const result = await runOnce(server, scenario, TIMING, repetition, providerVersion).catch(
          (error: unknown) => failedRun(scenario, server.name, repetition, error),
        )
        results.push(result)
        console.log(runLine(result, results.length, total))
      }
    }
  }

  const rows = summarizeRuns(
    results,
    SCENARIOS,
    SERVERS.map((s) => s.name),
  )
  console.log()
  console.log(formatTable(rows))
  console.log()
  console.log('p50/p99: fan-out latency over every (edit, receiving client) pair in the window.')
  console.log('server CPU: % of one core over the window; RSS: at the end of the window.')
  console.log('other CPU: the rest of the machine meanwhile (other processes, kernel, steal): noise if high.')
  console.log(`valid: the harness used ≤ 80% of a core and every delivery arrived.`)
  const busiest = Math.max(...results.map((r) => r.otherCpuPct).filter(Number.isFinite))
  if (busiest > NOISY_OTHER_CPU_PCT) {
    console.log(
      `WARNING: other processes used up to ${busiest.toFixed(0)}% of a core during a window: rerun on a quiet machine.`,
    )
  }

  writeJson(RESULTS_FILE, {
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    machine,
    timing: TIMING,
    repetitions: REPETITIONS,
    scenarios: SCENARIOS,
    servers: SERVERS.map(({ name, description }) => ({ name, description })),
    summary: rows,
    runs: results,
  })
  console.log(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`)
}

const watchdog = setTimeout(() => {
  console.error(`benchmark still running after ${WATCHDOG_MS / 60_000} minutes: aborting`)
  killAllServers()
  process.exit(1)
}, WATCHDOG_MS)
watchdog.unref()

process.once('SIGINT', () => {
  killAllServers()
  process.exit(130)
})

try {
  await main()
} catch (error) {
  console.error(error)
  killAllServers()
  process.exitCode = 1
}
