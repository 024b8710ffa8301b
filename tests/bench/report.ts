import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { RunResult, Scenario } from './load.ts'
import { median, type MachineInfo } from './measure.ts'
import type { BenchRow } from './scenario.ts'

/** The medians of one (scenario, server) pair over its valid repetitions (all, if none is valid). */
export interface SummaryRow {
  scenario: string
  server: string
  runs: number
  validRuns: number
  p50Ms: number
  p99Ms: number
  ackP50Ms: number
  ackP99Ms: number
  serverCpuPct: number
  serverRssMb: number
  harnessCpuPct: number
  harnessBusiestThreadPct: number
  harnessThreads: number
  otherCpuPct: number
  /** Worst run: fan-out deliveries measured / expected. */
  minDeliveredPct: number
  /** What made runs invalid, once each. */
  problems: string[]
}

export function summarizeRuns(
  results: readonly RunResult[],
  scenarios: readonly Scenario[],
  servers: readonly string[],
): SummaryRow[] {
  return scenarios.flatMap((scenario) =>
    servers.flatMap((server) => {
      const runs = results.filter((r) => r.scenario === scenario.name && r.server === server)
      if (runs.length === 0) return []
      const valid = runs.filter((r) => r.valid)
      const kept = valid.length > 0 ? valid : runs
      const mid = (pick: (r: RunResult) => number) => median(kept.map(pick))
      return [
        {
          scenario: scenario.name,
          server,
          runs: runs.length,
          validRuns: valid.length,
          p50Ms: mid((r) => r.p50Ms),
          p99Ms: mid((r) => r.p99Ms),
          ackP50Ms: mid((r) => r.ackP50Ms),
          ackP99Ms: mid((r) => r.ackP99Ms),
          serverCpuPct: mid((r) => r.serverCpuPct),
          serverRssMb: mid((r) => r.serverRssMb),
          harnessCpuPct: mid((r) => r.harnessCpuPct),
          harnessBusiestThreadPct: mid((r) => r.harnessBusiestThreadPct),
          harnessThreads: Math.max(...runs.map((r) => r.harnessThreads)),
          otherCpuPct: mid((r) => r.otherCpuPct),
          minDeliveredPct: Math.min(
            ...runs.map((r) => (r.expected > 0 ? (100 * r.delivered) / r.expected : 0)),
          ),
          problems: [...new Set(runs.flatMap((r) => r.problems))],
        },
      ]
    }),
  )
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')

export function machineLines(machine: MachineInfo): string[] {
  return [
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}`,
    `load average at start: ${machine.loadAverage} (1 min); open files per process: ${machine.openFilesLimit ?? 'unknown'}`,
    `packages: ${Object.entries(machine.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
  ]
}

export function runLine(r: RunResult, index: number, total: number): string {
  const status = r.valid ? '' : `  INVALID: ${r.problems.join('; ')}`
  return (
    `[${index}/${total}] ${r.scenario} ${r.server} #${r.repetition}: p50 ${fixed(r.p50Ms, 2)} ms, ` +
    `p99 ${fixed(r.p99Ms, 2)} ms, server ${fixed(r.serverCpuPct, 1)}% CPU ${fixed(r.serverRssMb, 0)} MB, ` +
    `harness ${fixed(r.harnessCpuPct, 1)}% CPU (${r.harnessThreads} thread(s), busiest ${fixed(r.harnessBusiestThreadPct, 0)}%), other ${fixed(r.otherCpuPct, 0)}% CPU, ${r.delivered}/${r.expected} delivered${status}`
  )
}

/** The propagation runs, one line per (load, server): the wide view of scenario a. */
export function formatRunTable(rows: readonly SummaryRow[]): string {
  const header = [
    'scenario',
    'server',
    'p50 ms',
    'p99 ms',
    'server CPU %',
    'server RSS MB',
    'harness CPU %',
    'busiest harness thread %',
    'other CPU %',
    'delivered',
    'valid',
  ]
  const body = rows.map((row) => [
    row.scenario,
    row.server,
    fixed(row.p50Ms, 2),
    fixed(row.p99Ms, 2),
    fixed(row.serverCpuPct, 1),
    fixed(row.serverRssMb, 0),
    fixed(row.harnessCpuPct, 1),
    fixed(row.harnessBusiestThreadPct, 1),
    fixed(row.otherCpuPct, 1),
    `${fixed(row.minDeliveredPct, 2)}%`,
    row.validRuns === row.runs ? 'yes' : `INVALID (${row.runs - row.validRuns}/${row.runs} runs)`,
  ])
  return markdownTable(header, body)
}

/** A GitHub-flavoured Markdown table: readable in a terminal and pasteable in PERFORMANCE.md. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

const cell = (value: number | string | undefined) =>
  value === undefined ? '' : typeof value === 'number' ? String(value) : value

/**
 * The rows of one scenario as a table: one line per (scenario, figure), one column per server in
 * the order they appear, then the goal and whether it was met (goals are Rouages'; when several
 * servers of a line have one, each is named). Notes become numbered footnotes under the table.
 */
export function formatRows(rows: readonly BenchRow[]): string {
  const servers = [...new Set(rows.map((row) => row.server))]
  const lines = new Map<string, BenchRow[]>()
  for (const row of rows) {
    const key = `${row.scenario}\u0000${row.figure}`
    const line = lines.get(key)
    if (line) line.push(row)
    else lines.set(key, [row])
  }
  const notes: string[] = []
  const header = ['scenario', 'figure', 'unit', ...servers, 'goal', 'met']
  const body = [...lines.values()].map((line) => {
    const first = line[0]!
    const withGoal = line.filter((row) => row.goal !== undefined)
    const goals = [...new Set(withGoal.map((row) => row.goal))]
    const met = withGoal.map((row) => {
      const word = metWord(row.met)
      return withGoal.length > 1 ? `${row.server}: ${word}` : word
    })
    return [
      first.scenario,
      first.figure,
      first.unit,
      ...servers.map((server) => {
        const row = line.find((r) => r.server === server)
        if (!row) return ''
        if (!row.note) return cell(row.value)
        notes.push(`[${notes.length + 1}] ${row.server}, ${row.figure}: ${row.note}`)
        return `${cell(row.value)} [${notes.length}]`
      }),
      goals.join('; '),
      met.join(', '),
    ]
  })
  return [markdownTable(header, body), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')
}

function metWord(met: boolean | null | undefined): string {
  if (met === true) return 'met'
  if (met === false) return 'MISSED'
  return 'n/a'
}

export function writeJson(file: string, payload: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(payload, (_key, value: unknown) => roundNumbers(value), 2)}\n`)
}

/** Keeps the JSON readable: microsecond precision is plenty for millisecond figures. */
function roundNumbers(value: unknown): unknown {
  if (typeof value !== 'number') return value
  if (!Number.isFinite(value)) return null
  return Number.isInteger(value) ? value : Math.round(value * 1000) / 1000
}
