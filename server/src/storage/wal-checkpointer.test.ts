import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DocumentRepository } from './documents.ts'
import { openStorage } from './open.ts'
import type { Storage } from './types.ts'

/** The WAL header's checkpoint sequence number: it changes each time the log restarts. */
function walSequence(dir: string): number {
  return readFileSync(path.join(dir, 'rouages.sqlite-wal')).readUInt32BE(12)
}

describe('SQLite write-ahead log checkpoints (worker thread)', () => {
  let dir: string
  let storage: Storage

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rouages-wal-'))
    storage = await openStorage({ dataDir: dir })
  })

  afterEach(async () => {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the log is copied into the database and restarts, with no checkpoint on the server’s commits', async () => {
    const documents = new DocumentRepository(storage.db)
    const update = new Uint8Array(200).fill(1)
    await documents.appendUpdate('etab:a:notes', update)
    const first = walSequence(dir)
    // Far fewer pages than SQLite's own 1,000-page checkpoint: only the worker restarts the log.
    let appended = 1
    const deadline = Date.now() + 15_000
    while (walSequence(dir) === first && Date.now() < deadline) {
      await documents.appendUpdate('etab:a:notes', update)
      appended++
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(walSequence(dir)).not.toBe(first)
    expect(appended).toBeLessThan(500)
    expect(await documents.pendingUpdates('etab:a:notes')).toBe(appended)
  })

  it('the server’s connection never checkpoints on commit', async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(storage.db)
    expect(rows).toEqual([{ wal_autocheckpoint: 0 }])
  })
})
