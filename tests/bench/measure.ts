import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

/** Median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (finite.length === 0) return Number.NaN
  const mid = finite.length >> 1
  const upper = finite[mid] ?? Number.NaN
  return finite.length % 2 === 1 ? upper : ((finite[mid - 1] ?? upper) + upper) / 2
}

let ticksPerSecond: number | undefined

/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat (100 on nearly every Linux). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Fields 14 (utime) and 15 (stime) of proc(5); `fields` starts at field 3 (state).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks()
}

/** Resident set size of a process, in MB (VmRSS from /proc/<pid>/status). */
export function processRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
  return kb === undefined ? Number.NaN : Number(kb) / 1024
}

/** Busy CPU seconds of the whole machine, all cores summed, from /proc/stat. */
function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
  const fields = line.trim().split(/\s+/).slice(1).map(Number)
  // user nice system (idle iowait) irq softirq steal; guest time is already counted in user.
  const ticks = [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + (fields[i] ?? 0), 0)
  return ticks / clockTicks()
}

export interface WindowUsage {
  serverCpuPct: number
  harnessCpuPct: number
  /** Everything else on the machine (other processes, the kernel, VM steal), % of one core. */
  otherCpuPct: number
  /** p99 delay of the harness event loop: a late loop reads messages late and inflates latency. */
  harnessLoopDelayP99Ms: number
  wallMs: number
}

const LOOP_RESOLUTION_MS = 10

/** CPU of the server process and of this harness over one measurement window. */
export class UsageMeter {
  readonly #pid: number
  readonly #startWall = performance.now()
  readonly #startServer: number
  readonly #startHarness = process.cpuUsage()
  readonly #startMachine = machineBusySeconds()
  readonly #loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })

  constructor(serverPid: number) {
    this.#pid = serverPid
    this.#startServer = processCpuSeconds(serverPid)
    this.#loop.enable()
  }

  stop(): WindowUsage {
    const wallMs = performance.now() - this.#startWall
    const serverSeconds = processCpuSeconds(this.#pid) - this.#startServer
    const harness = process.cpuUsage(this.#startHarness)
    const machine = machineBusySeconds()
    this.#loop.disable()
    const serverCpuPct = (serverSeconds * 1000 * 100) / wallMs
    const harnessCpuPct = ((harness.user + harness.system) / 1000 / wallMs) * 100
    const machineCpuPct = (machine - this.#startMachine) * ((1000 * 100) / wallMs)
    return {
      serverCpuPct,
      harnessCpuPct,
      otherCpuPct: Math.max(0, machineCpuPct - serverCpuPct - harnessCpuPct),
      // The histogram records the time between its timer's ticks, so its floor is the resolution.
      harnessLoopDelayP99Ms: Math.max(0, this.#loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      wallMs,
    }
  }
}

/**
 * Milliseconds on a clock every thread of this process shares (CLOCK_MONOTONIC, like
 * performance.now(), but with one origin for all threads: performance.now() counts from each
 * worker's own start). Cheap: one performance.now() and an addition.
 */
export const clock: () => number = (() => {
  const offset = Number(process.hrtime.bigint()) / 1e6 - performance.now()
  return () => performance.now() + offset
})()

/** The part of a run's records shared by the threads that run its clients. */
export interface SharedRecords {
  /** Send time of edit `seq` of writer `w` at `w * maxEdits + seq` (0: not sent). */
  sentAt: Float64Array
  /** [window start, window end] on `clock()`; +Infinity while not set. */
  window: Float64Array
  /** Per recording thread `t`: [2t] edits sent in the window, [2t + 1] deliveries measured. */
  counts: Int32Array
  maxEdits: number
}

export function sharedRecords(clients: number, maxEdits: number, threads: number): SharedRecords {
  const window = new Float64Array(new SharedArrayBuffer(2 * 8)).fill(Number.POSITIVE_INFINITY)
  return {
    sentAt: new Float64Array(new SharedArrayBuffer(clients * maxEdits * 8)),
    window,
    counts: new Int32Array(new SharedArrayBuffer(threads * 2 * 4)),
    maxEdits,
  }
}

/** Edits sent in the window and deliveries measured, over every thread. */
export function sharedTotals(records: SharedRecords): { windowEdits: number; delivered: number } {
  let windowEdits = 0
  let delivered = 0
  for (let i = 0; i < records.counts.length; i += 2) {
    windowEdits += Atomics.load(records.counts, i)
    delivered += Atomics.load(records.counts, i + 1)
  }
  return { windowEdits, delivered }
}

/**
 * Send times and receive times of every edit of one run. Edits carry `writer.seq` ids, so
 * receivers only report ids; the send time is looked up in memory every thread shares (times on
 * `clock()`). Each thread that runs clients has its own Recorder on the same SharedRecords.
 */
export class Recorder {
  readonly #shared: SharedRecords
  readonly #slot: number
  /** Fan-out latency of every (edit sent in the window, other client) pair, in ms. */
  readonly latencies: number[] = []
  /** Writer → its SyncStatus acknowledgement, for edits sent in the window, in ms. */
  readonly ackLatencies: number[] = []
  /** Ids a receiver could not match to a sent edit: would mean a framing bug. */
  unknownIds = 0
  readonly errors: string[] = []

  /** A recorder of its own (`clients` × `maxEdits`), or thread `slot`'s on shared records. */
  constructor(clients: number, maxEdits: number, shared?: SharedRecords, slot = 0) {
    this.#shared = shared ?? sharedRecords(clients, maxEdits, 1)
    this.#slot = slot
  }

  get windowEdits(): number {
    return this.#shared.counts[2 * this.#slot] ?? 0
  }

  get delivered(): number {
    return this.#shared.counts[2 * this.#slot + 1] ?? 0
  }

  openWindow(now: number): void {
    this.#shared.window[1] = Number.POSITIVE_INFINITY
    this.#shared.window[0] = now
  }

  closeWindow(now: number): void {
    this.#shared.window[1] = now
  }

  inWindow(sentAt: number): boolean {
    const window = this.#shared.window
    return sentAt >= window[0]! && sentAt < window[1]!
  }

  sent(writer: number, seq: number, now: number): void {
    const { sentAt, maxEdits, counts } = this.#shared
    if (seq >= maxEdits) return
    sentAt[writer * maxEdits + seq] = now
    if (this.inWindow(now)) Atomics.add(counts, 2 * this.#slot, 1)
  }

  received(writer: number, seq: number, now: number): void {
    const { maxEdits, counts } = this.#shared
    const sentAt = seq < maxEdits ? (this.#shared.sentAt[writer * maxEdits + seq] ?? 0) : 0
    if (sentAt === 0) {
      this.unknownIds++
      return
    }
    if (!this.inWindow(sentAt)) return
    this.latencies.push(now - sentAt)
    Atomics.add(counts, 2 * this.#slot + 1, 1)
  }

  acked(sentAt: number, now: number): void {
    if (this.inWindow(sentAt)) this.ackLatencies.push(now - sentAt)
  }
}

export interface MachineInfo {
  cores: number
  cpuModel: string
  memoryGb: number
  /** 1-minute load average when the run started: above the core count, others are busy too. */
  loadAverage: number
  /** Open files allowed per process (soft limit): bounds the connections of scenario b. */
  openFilesLimit: number | null
  node: string
  platform: string
  packages: Record<string, string>
}

const testsDir = path.resolve(import.meta.dirname, '..')

/** Version of an installed package, looked up the way Node resolves it from tests/. */
export function packageVersion(name: string): string {
  for (let dir = testsDir; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', name, 'package.json')
    if (existsSync(file)) {
      const json: unknown = JSON.parse(readFileSync(file, 'utf8'))
      const version = (json as { version?: unknown }).version
      return typeof version === 'string' ? version : 'unknown'
    }
    if (path.dirname(dir) === dir) return 'not installed'
  }
}

export function machineInfo(packageNames: readonly string[]): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown'
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]
    if (model) cpuModel = model.trim()
  } catch {
    // Not Linux: keep what os.cpus() said.
  }
  return {
    cores: os.availableParallelism(),
    cpuModel,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    openFilesLimit: openFilesLimit(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    packages: Object.fromEntries(packageNames.map((name) => [name, packageVersion(name)])),
  }
}

/** `ulimit -n` of this process (a child inherits it), from /proc/self/limits. */
export function openFilesLimit(): number | null {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1]
    return soft === undefined ? null : Number(soft)
  } catch {
    return null
  }
}
