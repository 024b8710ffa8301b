import { Recorder, UsageMeter, percentile, processRssMb } from './measure.ts'
import type { ServerUnderTest } from './servers.ts'
import { ThinClient } from './thin-client.ts'

/** One load shape. All clients of a scenario write to the same document. */
export interface Scenario {
  name: string
  clients: number
  editsPerSecond: number
}

export interface Timing {
  warmupMs: number
  windowMs: number
  /** After the window, how long to wait for edits still in flight before counting losses. */
  drainMs: number
  connectTimeoutMs: number
}

/** The harness may use at most this much of one core; beyond it, it measures itself. */
export const MAX_HARNESS_CPU_PCT = 80

export interface RunResult {
  scenario: string
  clients: number
  editsPerSecond: number
  server: string
  repetition: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  ackP50Ms: number
  ackP99Ms: number
  /** Fan-out deliveries measured, out of `expected` = edits in the window × (clients − 1). */
  delivered: number
  expected: number
  serverCpuPct: number
  serverRssMb: number
  harnessCpuPct: number
  otherCpuPct: number
  harnessLoopDelayP99Ms: number
  valid: boolean
  problems: string[]
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Starts a fresh server, loads it, measures one window, and stops everything. */
export async function runOnce(
  serverUnderTest: ServerUnderTest,
  scenario: Scenario,
  timing: Timing,
  repetition: number,
  providerVersion: string,
): Promise<RunResult> {
  const server = await serverUnderTest.start()
  const periodMs = 1000 / scenario.editsPerSecond
  // Bounded even if a timer misbehaves: warm-up plus window, and a little slack.
  const maxEdits = Math.ceil((timing.warmupMs + timing.windowMs) / periodMs) + 5
  const recorder = new Recorder(scenario.clients, maxEdits)
  const clients = Array.from(
    { length: scenario.clients },
    (_, index) =>
      new ThinClient({
        url: server.wsUrl,
        documentName: server.documentName,
        cookie: server.cookie,
        index,
        clients: scenario.clients,
        recorder,
        providerVersion,
      }),
  )
  try {
    await Promise.all(clients.map((client) => client.connect(timing.connectTimeoutMs)))
    startStaggered(clients, periodMs, maxEdits)
    await sleep(timing.warmupMs)

    recorder.openWindow(performance.now())
    const meter = new UsageMeter(server.pid)
    await sleep(timing.windowMs)
    recorder.closeWindow(performance.now())
    const usage = meter.stop()
    const serverRssMb = processRssMb(server.pid)
    for (const client of clients) client.stopEditing()

    const expected = recorder.windowEdits * (scenario.clients - 1)
    await waitFor(() => recorder.delivered >= expected, timing.drainMs)
    return summarize({
      scenario,
      server: serverUnderTest.name,
      repetition,
      recorder,
      expected,
      serverRssMb,
      ...usage,
    })
  } finally {
    await Promise.all(clients.map((client) => client.close()))
    await server.stop()
  }
}

/** A run that could not complete (server did not start, a client could not sync…): kept, marked invalid. */
export function failedRun(scenario: Scenario, server: string, repetition: number, error: unknown): RunResult {
  return {
    scenario: scenario.name,
    clients: scenario.clients,
    editsPerSecond: scenario.editsPerSecond,
    server,
    repetition,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    maxMs: Number.NaN,
    ackP50Ms: Number.NaN,
    ackP99Ms: Number.NaN,
    delivered: 0,
    expected: 0,
    serverCpuPct: Number.NaN,
    serverRssMb: Number.NaN,
    harnessCpuPct: Number.NaN,
    otherCpuPct: Number.NaN,
    harnessLoopDelayP99Ms: Number.NaN,
    valid: false,
    problems: [`run failed: ${error instanceof Error ? error.message : String(error)}`],
  }
}

/** Spreads the clients' edits evenly over each period, so the load is steady, not bursty. */
function startStaggered(clients: readonly ThinClient[], periodMs: number, maxEdits: number): void {
  const start = performance.now() + 20
  clients.forEach((client, index) =>
    client.startEditing(start + (index * periodMs) / clients.length, periodMs, maxEdits),
  )
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition() && performance.now() < deadline) await sleep(20)
}

interface RunFacts {
  scenario: Scenario
  server: string
  repetition: number
  recorder: Recorder
  expected: number
  serverRssMb: number
  serverCpuPct: number
  harnessCpuPct: number
  otherCpuPct: number
  harnessLoopDelayP99Ms: number
}

function summarize(facts: RunFacts): RunResult {
  const { scenario, recorder, expected } = facts
  const sorted = Float64Array.from(recorder.latencies).sort()
  const sortedAcks = Float64Array.from(recorder.ackLatencies).sort()
  const problems = [...new Set(recorder.errors)]
  if (facts.harnessCpuPct > MAX_HARNESS_CPU_PCT) {
    problems.push(`harness CPU ${facts.harnessCpuPct.toFixed(0)}% > ${MAX_HARNESS_CPU_PCT}% of a core`)
  }
  if (recorder.delivered < expected)
    problems.push(`${expected - recorder.delivered} of ${expected} deliveries missing`)
  if (recorder.unknownIds > 0) problems.push(`${recorder.unknownIds} unknown edit ids received`)
  if (expected === 0) problems.push('no edit sent during the window')
  return {
    scenario: scenario.name,
    clients: scenario.clients,
    editsPerSecond: scenario.editsPerSecond,
    server: facts.server,
    repetition: facts.repetition,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    ackP50Ms: percentile(sortedAcks, 50),
    ackP99Ms: percentile(sortedAcks, 99),
    delivered: recorder.delivered,
    expected,
    serverCpuPct: facts.serverCpuPct,
    serverRssMb: facts.serverRssMb,
    harnessCpuPct: facts.harnessCpuPct,
    otherCpuPct: facts.otherCpuPct,
    harnessLoopDelayP99Ms: facts.harnessLoopDelayP99Ms,
    valid: problems.length === 0,
    problems,
  }
}
