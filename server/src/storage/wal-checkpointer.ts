import { Worker } from 'node:worker_threads'

/**
 * SQLite copies its write-ahead log into the database (a checkpoint, with an fsync) on the commit
 * that crosses 1,000 pages: with node:sqlite that commit runs on the event loop, so every few
 * thousand updates one live edit waited 5–100 ms behind the disk, and everyone's fan-out with it.
 * The server's connection turns that off (`wal_autocheckpoint = 0`) and this worker thread
 * checkpoints from a connection of its own instead.
 */
export class WalCheckpointer {
  readonly #worker: Worker
  readonly #exited: Promise<void>

  constructor(file: string, onFailure: (message: string) => void, intervalMs = 1_000) {
    this.#worker = new Worker(new URL('./wal-checkpoint-worker.ts', import.meta.url), {
      workerData: { file, intervalMs },
    })
    this.#worker.on('message', (message: { failed?: string }) => {
      if (message.failed) onFailure(message.failed)
    })
    this.#worker.on('error', (error: Error) => onFailure(error.message))
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()))
    // A process must be able to exit while it idles.
    this.#worker.unref()
  }

  /** Stops checkpointing; the server's connection, closed afterwards, does the last one. */
  async close(): Promise<void> {
    // Referenced again, or the process could end before the thread has closed its connection.
    this.#worker.ref()
    this.#worker.postMessage('close')
    await this.#exited
  }
}
