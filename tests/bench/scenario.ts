/**
 * What `npm run bench` (tests/bench/run.ts) runs: a list of scenarios, each returning rows of
 * figures. A scenario starts and stops its own servers; run.ts prints the rows as one table and
 * writes them to results/latest.json. Add a scenario to the list in `scenarios/index.ts`.
 */

export interface BenchContext {
  /** `npm run bench -- --quick`: a short smoke run (fewer repetitions, shorter windows). */
  quick: boolean
  /** Progress lines, printed as they come (the table is printed at the end). */
  log: (line: string) => void
  /** Raw data worth keeping (every run, timings…): written to the JSON under the scenario's name. */
  details: Record<string, unknown>
}

/** One figure of one scenario for one server: a row of the final table. */
export interface BenchRow {
  scenario: string
  server: string
  figure: string
  value: number | string
  unit: string
  /** The goal in words, e.g. "≤ 10 ms". */
  goal?: string
  /** Whether the goal was met; null when it could not be judged (invalid run, no baseline…). */
  met?: boolean | null
  /** Anything the reader must know to read the figure (extrapolated, invalid run, noisy…). */
  note?: string
}

export interface BenchScenario {
  name: string
  run(ctx: BenchContext): Promise<BenchRow[]>
}
