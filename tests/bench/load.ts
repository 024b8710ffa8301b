import { Worker } from 'node:worker_threads'
import type { FromWorker, ToWorker, WorkerSetup } from './load-worker.ts'
import {
  Recorder,
  UsageMeter,
  clock,
  percentile,
  processRssMb,
  sharedRecords,
  sharedTotals,
} from './measure.ts'
import type { ServerUnderTest } from './servers.ts'

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

/** A harness thread may use at most this much of one core; beyond it, it measures itself. */
export const MAX_HARNESS_CPU_PCT = 80
/** Clients per harness thread, at most: 300 clients at 1 edit/s take ~80% of a core in one thread. */
const CLIENTS_PER_THREAD = 150

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
  /** The whole harness process (every thread), % of one core. */
  harnessCpuPct: number
  /** Threads running the clients, and the busiest one's CPU (% of one core): the validity check. */
  harnessThreads: number
  harnessBusiestThreadPct: number
  otherCpuPct: number
  harnessLoopDelayP99Ms: number
  valid: boolean
  problems: string[]
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Starts a fresh server, loads it, measures one window, and stops everything. The clients run in
 * worker threads (load-worker.ts), `CLIENTS_PER_THREAD` at most each; this thread only
 * coordinates and measures.
 */
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
  const threadCount = Math.ceil(scenario.clients / CLIENTS_PER_THREAD)
  const records = sharedRecords(scenario.clients, maxEdits, threadCount)
  const window = new Recorder(scenario.clients, maxEdits, records)
  const threads = Array.from({ length: threadCount }, (_, slot) => {
    const from = Math.floor((slot * scenario.clients) / threadCount)
    const to = Math.floor(((slot + 1) * scenario.clients) / threadCount)
    return new ClientThread({
      url: server.wsUrl,
      protocol: serverUnderTest.protocol.name,
      documentName: server.documentName,
      cookie: server.cookie,
      providerVersion,
      clients: scenario.clients,
      from,
      to,
      records,
      slot,
      connectTimeoutMs: timing.connectTimeoutMs,
    })
  })
  try {
    await Promise.all(threads.map((thread) => thread.next('connected', timing.connectTimeoutMs + 5_000)))
    const firstAt = clock() + 20
    for (const thread of threads) thread.send({ type: 'start', firstAt, periodMs, maxEdits })
    await sleep(timing.warmupMs)

    await Promise.all(threads.map((thread) => thread.ask({ type: 'window-open' }, 'window-opened')))
    window.openWindow(clock())
    const meter = new UsageMeter(server.pid)
    await sleep(timing.windowMs)
    window.closeWindow(clock())
    const usage = meter.stop()
    const threadUsage = await Promise.all(
      threads.map((thread) => thread.ask({ type: 'window-close' }, 'window-closed')),
    )
    const serverRssMb = processRssMb(server.pid)
    for (const thread of threads) thread.send({ type: 'stop' })

    const expected = sharedTotals(records).windowEdits * (scenario.clients - 1)
    await waitFor(() => sharedTotals(records).delivered >= expected, timing.drainMs)
    const collected = await Promise.all(threads.map((thread) => thread.ask({ type: 'collect' }, 'collected')))
    return summarize({
      scenario,
      server: serverUnderTest.name,
      repetition,
      expected,
      delivered: sharedTotals(records).delivered,
      latencies: concat(collected.map((c) => c.latencies)),
      acks: concat(collected.map((c) => c.acks)),
      errors: collected.flatMap((c) => c.errors),
      unknownIds: collected.reduce((sum, c) => sum + c.unknownIds, 0),
      serverRssMb,
      serverCpuPct: usage.serverCpuPct,
      harnessCpuPct: usage.harnessCpuPct,
      otherCpuPct: usage.otherCpuPct,
      harnessThreads: threadCount,
      harnessBusiestThreadPct: Math.max(...threadUsage.map((t) => (t.cpuMs * 100) / usage.wallMs)),
      harnessLoopDelayP99Ms: Math.max(...threadUsage.map((t) => t.loopDelayP99Ms)),
    })
  } finally {
    await Promise.all(threads.map((thread) => thread.close()))
    await server.stop()
  }
}

type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>

/** One worker thread of clients, spoken to in request/answer pairs. */
class ClientThread {
  readonly #worker: Worker
  readonly #waiting = new Map<FromWorker['type'], (message: FromWorker) => void>()
  #failure: Error | undefined

  constructor(setup: WorkerSetup) {
    this.#worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: setup })
    this.#worker.on('message', (message: FromWorker) => {
      if (message.type === 'failed') this.#fail(new Error(message.message))
      const waiting = this.#waiting.get(message.type)
      this.#waiting.delete(message.type)
      waiting?.(message)
    })
    this.#worker.on('error', (error: Error) => this.#fail(error))
  }

  #fail(error: Error): void {
    this.#failure = error
    for (const waiting of this.#waiting.values()) waiting({ type: 'failed', message: error.message })
    this.#waiting.clear()
  }

  send(message: ToWorker): void {
    this.#worker.postMessage(message)
  }

  /** The next message of `type`; rejects if the thread fails or stays silent for `timeoutMs`. */
  next<T extends FromWorker['type']>(type: T, timeoutMs = 10_000): Promise<Reply<T>> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise<Reply<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(type)
        reject(new Error(`client thread: no ${type} in ${timeoutMs} ms`))
      }, timeoutMs)
      this.#waiting.set(type, (message) => {
        clearTimeout(timer)
        if (message.type === 'failed') reject(new Error(message.message))
        else resolve(message as Reply<T>)
      })
    })
  }

  ask<T extends FromWorker['type']>(message: ToWorker, type: T): Promise<Reply<T>> {
    const reply = this.next(type)
    this.send(message)
    return reply
  }

  /** Closes its clients (a few seconds at most), then ends the thread. */
  async close(): Promise<void> {
    if (!this.#failure) await this.ask({ type: 'close' }, 'closed').catch(() => {})
    await this.#worker.terminate()
  }
}

function concat(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((sum, a) => sum + a.length, 0))
  let at = 0
  for (const array of arrays) {
    out.set(array, at)
    at += array.length
  }
  return out
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
    harnessThreads: 0,
    harnessBusiestThreadPct: Number.NaN,
    otherCpuPct: Number.NaN,
    harnessLoopDelayP99Ms: Number.NaN,
    valid: false,
    problems: [`run failed: ${error instanceof Error ? error.message : String(error)}`],
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition() && performance.now() < deadline) await sleep(20)
}

interface RunFacts {
  scenario: Scenario
  server: string
  repetition: number
  expected: number
  delivered: number
  latencies: Float64Array
  acks: Float64Array
  errors: string[]
  unknownIds: number
  serverRssMb: number
  serverCpuPct: number
  harnessCpuPct: number
  harnessThreads: number
  harnessBusiestThreadPct: number
  otherCpuPct: number
  harnessLoopDelayP99Ms: number
}

function summarize(facts: RunFacts): RunResult {
  const { scenario, expected, delivered } = facts
  const sorted = facts.latencies.sort()
  const sortedAcks = facts.acks.sort()
  const problems = [...new Set(facts.errors)]
  if (facts.harnessBusiestThreadPct > MAX_HARNESS_CPU_PCT) {
    problems.push(
      `a harness thread used ${facts.harnessBusiestThreadPct.toFixed(0)}% > ${MAX_HARNESS_CPU_PCT}% of a core`,
    )
  }
  if (delivered < expected) problems.push(`${expected - delivered} of ${expected} deliveries missing`)
  if (facts.unknownIds > 0) problems.push(`${facts.unknownIds} unknown edit ids received`)
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
    delivered,
    expected,
    serverCpuPct: facts.serverCpuPct,
    serverRssMb: facts.serverRssMb,
    harnessCpuPct: facts.harnessCpuPct,
    harnessThreads: facts.harnessThreads,
    harnessBusiestThreadPct: facts.harnessBusiestThreadPct,
    otherCpuPct: facts.otherCpuPct,
    harnessLoopDelayP99Ms: facts.harnessLoopDelayP99Ms,
    valid: problems.length === 0,
    problems,
  }
}
