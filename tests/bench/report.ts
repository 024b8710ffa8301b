import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { RunResult, Scenario, Timing } from './load.ts'
import { median, type MachineInfo } from './measure.ts'

/** The medians of one (scenario, server) pair over its repetitions. */
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
  otherCpuPct: number
  /** Worst run: fan-out deliveries measured / expected. */
  minDeliveredPct: number
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
      const mid = (pick: (r: RunResult) => number) => median(runs.map(pick))
      return [
        {
          scenario: scenario.name,
          server,
          runs: runs.length,
          validRuns: runs.filter((r) => r.valid).length,
          p50Ms: mid((r) => r.p50Ms),
          p99Ms: mid((r) => r.p99Ms),
          ackP50Ms: mid((r) => r.ackP50Ms),
          ackP99Ms: mid((r) => r.ackP99Ms),
          serverCpuPct: mid((r) => r.serverCpuPct),
          serverRssMb: mid((r) => r.serverRssMb),
          harnessCpuPct: mid((r) => r.harnessCpuPct),
          otherCpuPct: mid((r) => r.otherCpuPct),
          minDeliveredPct: Math.min(
            ...runs.map((r) => (r.expected > 0 ? (100 * r.delivered) / r.expected : 0)),
          ),
        },
      ]
    }),
  )
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')

export function machineLines(machine: MachineInfo, timing: Timing, repetitions: number): string[] {
  return [
    `machine: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}`,
    `packages: ${Object.entries(machine.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    `method: fresh server per run, ${timing.warmupMs / 1000} s warm-up, ${timing.windowMs / 1000} s window, ` +
      `${repetitions} repetitions interleaved across servers; figures are medians of the repetitions`,
  ]
}

export function runLine(r: RunResult, index: number, total: number): string {
  const status = r.valid ? '' : `  INVALID: ${r.problems.join('; ')}`
  return (
    `[${index}/${total}] ${r.scenario} ${r.server} #${r.repetition}: p50 ${fixed(r.p50Ms, 2)} ms, ` +
    `p99 ${fixed(r.p99Ms, 2)} ms, server ${fixed(r.serverCpuPct, 1)}% CPU ${fixed(r.serverRssMb, 0)} MB, ` +
    `harness ${fixed(r.harnessCpuPct, 1)}% CPU, other ${fixed(r.otherCpuPct, 0)}% CPU, ${r.delivered}/${r.expected} delivered${status}`
  )
}

/** A GitHub-flavoured Markdown table: readable in a terminal and pasteable in an issue. */
export function formatTable(rows: readonly SummaryRow[]): string {
  const header = [
    'scenario',
    'server',
    'p50 ms',
    'p99 ms',
    'server CPU %',
    'server RSS MB',
    'harness CPU %',
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
    fixed(row.otherCpuPct, 1),
    `${fixed(row.minDeliveredPct, 2)}%`,
    row.validRuns === row.runs ? 'yes' : `INVALID (${row.runs - row.validRuns}/${row.runs} runs)`,
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
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
