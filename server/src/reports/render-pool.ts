import { Piscina } from 'piscina'
import type { Report } from '@rouages/shared/report/model'
import type { RenderFormat, RenderTask } from './render-worker.ts'

/**
 * Reports are rendered on a worker thread: a bilan takes seconds of synchronous CPU (pdfmake,
 * docx), which on the main thread would hold up every request and every live edit meanwhile.
 * One pool for the process, created on the first report (a server that never exports loads no
 * renderer and starts no thread); one thread, so one render at a time and the main thread keeps
 * a core of its own; stopped after a minute without a report, so its memory goes with it.
 */
const IDLE_TIMEOUT_MS = 60_000

let pool: Piscina<RenderTask, Uint8Array<ArrayBuffer>> | undefined

/** The report as a file of that format; a render that throws rejects with its error. */
export function renderInWorker(report: Report, format: RenderFormat): Promise<Uint8Array<ArrayBuffer>> {
  pool ??= new Piscina({
    filename: new URL('./render-worker.ts', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: IDLE_TIMEOUT_MS,
  })
  return pool.run({ report, format })
}

/**
 * Stops the thread at shutdown (a render still running is abandoned: its request is then answered
 * with an error). A later report starts a new pool.
 */
export async function closeRenderPool(): Promise<void> {
  const stopping = pool
  pool = undefined
  await stopping?.destroy()
}
