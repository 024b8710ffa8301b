/**
 * The benchmarks: `npm run bench` (one command; the baselines are measured in the same run).
 *   npm run bench -- --quick           a short smoke run (1 repetition, short windows, few connections)
 *   npm run bench -- --only a,b        only the scenarios whose name starts with one of these
 *
 * Runs every scenario of `scenarios/index.ts` in turn (see scenario.ts for the interface), prints
 * the machine and package versions first, each scenario's progress as it goes, then one table per
 * scenario, and writes everything to results/latest.json. Figures are printed, never asserted:
 * a missed goal is reported, not a failure.
 */
import path from 'node:path'
import os from 'node:os'
import { machineInfo } from './measure.ts'
import { formatRows, machineLines, writeJson } from './report.ts'
import type { BenchRow } from './scenario.ts'
import { SCENARIOS } from './scenarios/index.ts'
import { killAllServers } from './servers.ts'

const quick = process.argv.includes('--quick')
const onlyArg = process.argv[process.argv.indexOf('--only') + 1]
const only = process.argv.includes('--only') && onlyArg ? onlyArg.split(',').map((s) => s.trim()) : undefined

const RESULTS_FILE = path.join(
  import.meta.dirname,
  quick ? 'results/latest-quick.json' : 'results/latest.json',
)
const PACKAGES = [
  '@hocuspocus/server',
  '@hocuspocus/provider',
  '@y/websocket-server',
  'yjs',
  'y-protocols',
  'ws',
  'hono',
  'pg',
]
/**
 * Hard stop, so a hang never blocks a terminal or CI. Scenarios a and b take about 13 minutes on
 * a quiet 2-core machine (2 in --quick); the rest is for the scenarios that follow them.
 */
const WATCHDOG_MS = (quick ? 10 : 40) * 60_000

async function main(): Promise<void> {
  const machine = machineInfo(PACKAGES)
  for (const line of machineLines(machine)) console.log(line)
  console.log(`mode: ${quick ? 'quick (smoke run: figures are indicative only)' : 'full'}`)
  console.log()

  const startedAt = new Date()
  const scenarios = SCENARIOS.filter(
    (s) => !only || only.some((prefix) => s.name.toLowerCase().startsWith(prefix.toLowerCase())),
  )
  const rows: BenchRow[] = []
  const rowsOf = new Map<string, BenchRow[]>()
  const details: Record<string, unknown> = {}
  const durations: Record<string, number> = {}
  for (const scenario of scenarios) {
    const scenarioStart = performance.now()
    console.log(`— ${scenario.name}`)
    const own: BenchRow[] = []
    rowsOf.set(scenario.name, own)
    try {
      own.push(...(await scenario.run({ quick, log: (line) => console.log(line), details })))
    } catch (error) {
      // One broken scenario must not hide the others' figures.
      console.error(`${scenario.name} failed:`, error)
      own.push({
        scenario: scenario.name,
        server: '-',
        figure: 'run',
        value: 'failed',
        unit: '',
        note: error instanceof Error ? error.message.slice(0, 160) : String(error).slice(0, 160),
      })
    }
    rows.push(...own)
    durations[scenario.name] = (performance.now() - scenarioStart) / 1000
    console.log(`— ${scenario.name}: ${durations[scenario.name]!.toFixed(0)} s`)
    console.log()
  }

  console.log(machineLines(machine)[0])
  console.log(`load average at the end: ${os.loadavg()[0]?.toFixed(2)} (1 min)`)
  console.log()
  for (const scenario of scenarios) {
    const own = rowsOf.get(scenario.name) ?? []
    if (own.length === 0) continue
    console.log(`## ${scenario.name}`)
    console.log()
    console.log(formatRows(own))
    console.log()
  }
  console.log('Legend: figures are medians of the repetitions; goals are Rouages’ (issue 8).')
  console.log(
    'fan-out: writer sends → each other client receives; acknowledgement: writer sends → SyncStatus.',
  )
  console.log(
    'CPU in % of one core over the window; "other CPU": the rest of the machine meanwhile (noise if high).',
  )
  console.log(
    'a. is run by worker threads of ≤ 150 clients each; a run is invalid when one of them used more than 80% of',
  )
  console.log(
    'a core (the harness would then read late) or a delivery was missing; medians are of the valid runs.',
  )
  const missed = rows.filter((row) => row.met === false)
  if (missed.length > 0) {
    console.log()
    console.log('Goals missed:')
    for (const row of missed) {
      console.log(
        `  ${row.scenario} ${row.server} ${row.figure}: ${row.value} ${row.unit} (goal ${row.goal})`,
      )
    }
  }

  writeJson(RESULTS_FILE, {
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    quick,
    machine,
    scenarioDurationsS: durations,
    rows,
    details,
  })
  console.log()
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
  process.exitCode = 1
} finally {
  killAllServers()
}
// Sockets or timers a scenario left behind must not keep the process (and CI) waiting.
process.exit()
