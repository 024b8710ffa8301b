/**
 * What every baseline server process (raw relay, bare Hocuspocus, y-websocket) shares with the
 * harness: it prints `{"port":<n>}` on one stdout line once listening, and answers each `probe`
 * line on stdin with one `{"probe":{…}}` line — heap after a full collection (the process runs
 * with --expose-gc) and the documents it holds. Rouages answers the same questions through the
 * inspector instead (tests/helpers/inspector.ts), so it needs no test-only code. A baseline
 * started with `BENCH_STORAGE` loads its documents from SQLite (baseline-storage.ts).
 */
import { createInterface } from 'node:readline'

export interface Probe {
  heapUsed: number
  rss: number
  /** Documents held in memory; null when the server has no notion of a document. */
  documents: number | null
}

export function announce(port: number, documents: () => number | null): void {
  process.stdout.write(`${JSON.stringify({ port })}\n`)
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() !== 'probe') return
    globalThis.gc?.()
    globalThis.gc?.()
    const probe: Probe = {
      heapUsed: process.memoryUsage().heapUsed,
      rss: process.memoryUsage.rss(),
      documents: documents(),
    }
    process.stdout.write(`${JSON.stringify({ probe })}\n`)
  })
  // The harness closing stdin (or dying) ends the baseline too.
  process.stdin.once('end', () => process.exit(0))
}
