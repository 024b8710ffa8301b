/**
 * A thread running some of a propagation run's thin clients (see load.ts). With hundreds of
 * receivers, one thread would spend most of a core reading sockets and read them late; each
 * thread takes a share, records into memory shared with the others (measure.ts `SharedRecords`),
 * and reports its own CPU so a saturated thread is caught.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { Recorder, type SharedRecords } from './measure.ts'
import { ThinClient } from './thin-client.ts'
import { WIRES, type WireProtocol } from './wire.ts'

export interface WorkerSetup {
  url: string
  protocol: WireProtocol['name']
  documentName: string
  cookie?: string | undefined
  providerVersion: string
  /** All clients of the run (edit ids and shared records are indexed by them). */
  clients: number
  /** This thread's clients: indices `from` to `to - 1`. */
  from: number
  to: number
  records: SharedRecords
  /** This thread's slot in `records.counts`. */
  slot: number
  connectTimeoutMs: number
}

export type ToWorker =
  | { type: 'start'; firstAt: number; periodMs: number; maxEdits: number }
  | { type: 'window-open' }
  | { type: 'window-close' }
  | { type: 'stop' }
  | { type: 'collect' }
  | { type: 'close' }

export type FromWorker =
  | { type: 'connected' }
  | { type: 'failed'; message: string }
  | { type: 'window-opened' }
  | { type: 'window-closed'; cpuMs: number; loopDelayP99Ms: number }
  | { type: 'collected'; latencies: Float64Array; acks: Float64Array; errors: string[]; unknownIds: number }
  | { type: 'closed' }

const LOOP_RESOLUTION_MS = 10

const port = parentPort
if (!port) throw new Error('load-worker.ts runs as a worker thread (see load.ts)')
const setup = workerData as WorkerSetup
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

const recorder = new Recorder(setup.clients, setup.records.maxEdits, setup.records, setup.slot)
const clients: ThinClient[] = []
for (let index = setup.from; index < setup.to; index++) {
  clients.push(
    new ThinClient({
      url: setup.url,
      protocol: WIRES[setup.protocol],
      documentName: setup.documentName,
      cookie: setup.cookie,
      index,
      clients: setup.clients,
      recorder,
      providerVersion: setup.providerVersion,
    }),
  )
}
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
let cpuAtOpen: NodeJS.CpuUsage | undefined

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      // Spread the clients' edits evenly over each period, so the load is steady, not bursty.
      for (const client of clients) {
        const index = client.index
        client.startEditing(
          message.firstAt + (index * message.periodMs) / setup.clients,
          message.periodMs,
          message.maxEdits,
        )
      }
      return
    case 'window-open':
      cpuAtOpen = process.threadCpuUsage()
      loop.reset()
      loop.enable()
      post({ type: 'window-opened' })
      return
    case 'window-close': {
      const cpu = process.threadCpuUsage(cpuAtOpen)
      loop.disable()
      post({
        type: 'window-closed',
        cpuMs: (cpu.user + cpu.system) / 1000,
        // The histogram records the time between its timer's ticks, so its floor is the resolution.
        loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      })
      return
    }
    case 'stop':
      for (const client of clients) client.stopEditing()
      return
    case 'collect': {
      const latencies = Float64Array.from(recorder.latencies)
      const acks = Float64Array.from(recorder.ackLatencies)
      post(
        {
          type: 'collected',
          latencies,
          acks,
          errors: [...new Set(recorder.errors)],
          unknownIds: recorder.unknownIds,
        },
        [latencies.buffer, acks.buffer],
      )
      return
    }
    case 'close':
      void Promise.all(clients.map((client) => client.close())).then(() => post({ type: 'closed' }))
      return
  }
})

Promise.all(clients.map((client) => client.connect(setup.connectTimeoutMs))).then(
  () => post({ type: 'connected' }),
  (error: unknown) =>
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
)
