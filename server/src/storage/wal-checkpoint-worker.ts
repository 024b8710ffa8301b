/**
 * Runs in a worker thread (see wal-checkpointer.ts): its own connection to the SQLite file,
 * copying the write-ahead log into the database every `intervalMs`. PASSIVE never waits for the
 * server's connection, which keeps appending meanwhile; the server's next write restarts the log
 * from its beginning once everything in it was copied, so the file stays small.
 */
import { DatabaseSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'

const { file, intervalMs } = workerData as { file: string; intervalMs: number }
const database = new DatabaseSync(file)
database.exec('PRAGMA busy_timeout = 1000;')
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)')

const timer = setInterval(() => {
  try {
    checkpoint.get()
  } catch (error) {
    // A disk that refuses writes fails the server's own appends, which is what it reports;
    // the log is copied on a later tick once the disk is back.
    parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) })
  }
}, intervalMs)

parentPort?.on('message', (message: unknown) => {
  if (message !== 'close') return
  clearInterval(timer)
  database.close()
  parentPort?.close()
})
