import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { WebSocketStatus } from '@hocuspocus/provider'
import * as encoding from 'lib0/encoding'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentRepository } from '@rouages/server/storage/documents'
import { openStorage } from '@rouages/server/storage/open'
import { CloseReason } from '@rouages/shared/protocol'
import { deriveSyncState, type ConnectionStatus, type SyncState } from '@rouages/shared/sync-state'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { drivers, type DriverUnderTest } from '../helpers/drivers.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { frame, openRawSocket, Wire } from '../helpers/raw-socket.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { breakStorage, type StorageFault } from '../helpers/storage-fault.ts'
import { waitUntil } from '../helpers/wait.ts'

type Setup = Awaited<ReturnType<DriverUnderTest['setup']>>

interface Ready {
  status: string
  storage: { driver: string; reachable: boolean }
  unsavedDocuments: Array<{ document: string; message: string }>
}

const EDITORS = 4
const STORAGE_UNAVAILABLE = {
  code: CloseReason.StorageUnavailable.code,
  reason: CloseReason.StorageUnavailable.reason,
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function connectionStatus(status: WebSocketStatus): ConnectionStatus {
  if (status === WebSocketStatus.Connected) return 'connected'
  return status === WebSocketStatus.Connecting ? 'connecting' : 'disconnected'
}

/**
 * One person editing the document: every edit is a new key of the `grid` map, numbered in order,
 * so "edits 0 … n−1" says exactly what this client wrote. `acknowledged` is how many of them the
 * client saw the server acknowledge (its provider back to zero unsynced changes, connected): the
 * ledger a crash test checks against.
 */
class Editor {
  made = 0
  acknowledged = 0
  /** Every close of this client's socket, with the server's code and reason. */
  readonly closes: Array<{ code: number; reason: string }> = []

  readonly name: string
  readonly client: TestClient

  constructor(name: string, client: TestClient) {
    this.name = name
    this.client = client
    client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0 && client.socket.status === WebSocketStatus.Connected) this.acknowledged = this.made
    })
    client.socket.on('close', ({ event }: { event: { code: number; reason: unknown } }) => {
      this.closes.push({ code: event.code, reason: String(event.reason) })
    })
  }

  key(n: number): string {
    return `${this.name}-${n}`
  }

  edit(): void {
    this.client.doc.getMap('grid').set(this.key(this.made), this.made)
    this.made++
  }

  /** What the app's sync indicator derives from this provider (shared/src/sync-state.ts). */
  get syncState(): SyncState {
    const { provider, socket } = this.client
    return deriveSyncState({
      status: connectionStatus(socket.status),
      synced: provider.isSynced,
      unsyncedChanges: provider.unsyncedChanges,
    })
  }

  get settled(): boolean {
    return this.syncState.kind === 'synced'
  }

  toldSinceClose(index: number): boolean {
    return this.closes
      .slice(index)
      .some((c) => c.code === STORAGE_UNAVAILABLE.code && c.reason === STORAGE_UNAVAILABLE.reason)
  }

  describe(): string {
    const { provider, socket } = this.client
    return `${this.name}: socket ${socket.status}, authenticated ${provider.isAuthenticated}, synced ${provider.isSynced}, unsynced ${provider.unsyncedChanges}, made ${this.made}, acknowledged ${this.acknowledged}, last closes ${JSON.stringify(this.closes.slice(-3))}`
  }
}

/** Samples every editor's sync state while a fault lasts: none may ever read "synced". */
function watchSyncStates(editors: Editor[]): () => Set<string> {
  const seen = new Set<string>()
  const timer = setInterval(() => {
    for (const e of editors) seen.add(e.syncState.kind)
  }, 5)
  return () => {
    clearInterval(timer)
    return seen
  }
}

/** Every key the editors wrote below `upTo(editor)` that `doc` lacks. */
function missing(doc: Y.Doc, editors: Editor[], upTo: (e: Editor) => number): string[] {
  const grid = doc.getMap('grid')
  return editors.flatMap((e) =>
    Array.from({ length: upTo(e) }, (_, n) => e.key(n)).filter(
      (key) => grid.get(key) !== Number(key.split('-')[1]),
    ),
  )
}

/** The document as the storage holds it, read from outside the server. */
async function storedDocument(setup: Setup, name: string): Promise<Y.Doc> {
  const storage = await openStorage(setup)
  try {
    const stored = await new DocumentRepository(storage.db).load(name)
    const doc = new Y.Doc()
    if (stored.state) Y.applyUpdate(doc, stored.state)
    for (const { update } of stored.updates) Y.applyUpdate(doc, update)
    return doc
  } finally {
    await storage.close()
  }
}

/** How many acknowledged updates wait in the document's log for compaction. */
async function loggedUpdates(setup: Setup, name: string): Promise<number> {
  if (!setup.databaseUrl) {
    const db = new DatabaseSync(path.join(setup.dataDir, 'rouages.sqlite'), { readOnly: true })
    try {
      return Number(db.prepare('SELECT count(*) AS n FROM document_update WHERE name = ?').get(name)?.n)
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: setup.databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM document_update WHERE name = $1',
      [name],
    )
    return Number(rows[0]?.n)
  } finally {
    await client.end()
  }
}

/**
 * Storage failing under clients that keep editing (PostgreSQL unreachable; the SQLite file
 * unwritable): every client is told (its socket closed with `storage-unavailable`) and never sees
 * a fault-time edit acknowledged, /api/ready is 503 naming the document, the server keeps serving
 * the last saved state, a SIGKILL in the middle of it loses nothing that was acknowledged, and
 * once storage is back every edit of every client is saved.
 */
describe.each(drivers().map((d) => [d.name, d] as const))('storage fault on %s', (driverName, driver) => {
  it('[SF1] clients edit through a storage fault: told, nothing unsaved acknowledged, all saved after', async () => {
    const setup = await driver.setup()
    const env = { DATABASE_URL: setup.databaseUrl ?? '' }
    let server: ServerProcess | undefined
    const editors: Editor[] = []
    const faults: StorageFault[] = []
    const fail = (error: Error): never => {
      throw new Error(
        `${error.message}\n${editors.map((e) => e.describe()).join('\n')}\n--- server ---\n${server?.output().slice(-2000)}`,
        { cause: error },
      )
    }
    try {
      server = await startServerProcess({ dataDir: setup.dataDir, env })
      const { port, origin } = new URL(server.url)
      const ready = async () => {
        const res = await fetch(`${origin}/api/ready`)
        return { status: res.status, body: (await res.json()) as Ready }
      }
      const { account, documentName } = await ownerWithNotes(server)
      for (let i = 0; i < EDITORS; i++) {
        const client = await connectClient(server.wsUrl, documentName, {
          cookie: account.cookie,
          reconnect: true,
        })
        editors.push(new Editor(`c${i}`, client))
      }

      // 1. Before the fault every edit is acknowledged; then the debounced store compacts the log,
      //    so that readiness below must come from the failing writes themselves.
      for (let round = 0; round < 5; round++) for (const e of editors) e.edit()
      await waitUntil(() => editors.every((e) => e.settled && e.acknowledged === e.made), {
        message: 'edits acknowledged before the fault',
      }).catch(fail)
      expect((await ready()).status).toBe(200)
      await waitUntil(async () => (await loggedUpdates(setup, documentName)) === 0, {
        message: 'the log compacted before the fault',
      })
      const savedBefore = new Map(editors.map((e) => [e, e.acknowledged]))

      // 2. Storage fails while everyone keeps editing.
      const fault = await breakStorage(setup)
      faults.push(fault)
      const stopWatching = watchSyncStates(editors)
      const closesBefore = new Map(editors.map((e) => [e, e.closes.length]))
      for (let round = 0; round < 10; round++) {
        for (const e of editors) e.edit()
        await sleep(40)
      }
      await waitUntil(() => editors.every((e) => e.toldSinceClose(closesBefore.get(e) ?? 0)), {
        message: 'every editor told that saving fails',
      }).catch(fail)
      // /api/ready names the document for as long as the fault lasts.
      await waitUntil(async () => (await ready()).status === 503, { message: '/api/ready 503' })
      const report = (await ready()).body
      expect(report.status).toBe('not-ready')
      expect(report.unsavedDocuments.map((d) => d.document)).toContain(documentName)
      expect(report.storage.reachable).toBe(driverName === 'sqlite') // SQLite still reads
      // The server keeps what it had: a newcomer gets the saved state (SQLite still reads), or is
      // told too (PostgreSQL down: its session cannot even be checked).
      if (driverName === 'sqlite') {
        const newcomer = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
        expect(missing(newcomer.doc, editors, (e) => savedBefore.get(e) ?? 0)).toEqual([])
        expect(newcomer.doc.getMap('grid').size).toBe(editors.length * 5)
        newcomer.destroy()
      } else {
        const raw = await openRawSocket(server.wsUrl, { cookie: account.cookie })
        raw.send(
          frame(documentName, (e) => {
            encoding.writeVarUint(e, Wire.Auth)
            encoding.writeVarUint(e, Wire.AuthToken)
            encoding.writeVarString(e, '')
          }),
        )
        expect(await raw.closed).toEqual(STORAGE_UNAVAILABLE)
      }
      // Nothing made during the fault was acknowledged, and no client ever read "synced".
      for (const e of editors) expect(e.acknowledged, e.name).toBe(savedBefore.get(e))
      expect([...stopWatching()]).not.toContain('synced')

      // 3. A crash in the middle of the fault: every acknowledged edit is on disk, and none of
      //    the fault-time edits (they could not have been written).
      expect(await server.stop('SIGKILL')).toBeNull()
      await fault.restore()
      const onDisk = await storedDocument(setup, documentName)
      expect(missing(onDisk, editors, (e) => e.acknowledged)).toEqual([])
      expect(onDisk.getMap('grid').size).toBe(editors.length * 5)

      // 4. Restarted on the same port with storage back: the clients resend what they kept.
      server = await startServerProcess({ dataDir: setup.dataDir, env: { ...env, PORT: port } })
      await waitUntil(() => editors.every((e) => e.settled && e.acknowledged === e.made), {
        timeoutMs: 20_000,
        message: 'every editor saved after the restart',
      }).catch(fail)

      // 5. A second fault, healed this time while the server runs.
      await waitUntil(async () => (await loggedUpdates(setup, documentName)) === 0, {
        message: 'the log compacted before the second fault',
      })
      const second = await breakStorage(setup)
      faults.push(second)
      const stopWatchingAgain = watchSyncStates(editors)
      const acknowledgedAtSecond = new Map(editors.map((e) => [e, e.acknowledged]))
      for (let round = 0; round < 5; round++) {
        for (const e of editors) e.edit()
        await sleep(40)
      }
      await waitUntil(async () => (await ready()).status === 503, { message: '/api/ready 503 again' })
      expect((await ready()).body.unsavedDocuments.map((d) => d.document)).toContain(documentName)
      await sleep(300)
      for (const e of editors) expect(e.acknowledged, e.name).toBe(acknowledgedAtSecond.get(e))
      expect([...stopWatchingAgain()]).not.toContain('synced')
      await second.restore()
      await waitUntil(() => editors.every((e) => e.settled && e.acknowledged === e.made), {
        timeoutMs: 20_000,
        message: 'every edit saved once storage is back',
      }).catch(fail)
      await waitUntil(async () => (await ready()).status === 200, { message: '/api/ready 200 again' })
      for (const e of editors)
        expect(
          missing(e.client.doc, editors, (x) => x.made),
          e.name,
        ).toEqual([])

      // 6. All of it is durable: SIGKILL now, and a fresh client finds every edit of every client.
      expect(await server.stop('SIGKILL')).toBeNull()
      server = await startServerProcess({ dataDir: setup.dataDir, env })
      const reader = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
      const total = editors.reduce((sum, e) => sum + e.made, 0)
      expect(missing(reader.doc, editors, (e) => e.made)).toEqual([])
      expect(reader.doc.getMap('grid').size).toBe(total)
      reader.destroy()
      console.log(
        `[storage fault, ${driverName}] ${editors.length} clients, ${total} edits, 2 faults (${fault.method}), ` +
          `1 SIGKILL during a fault, edits acknowledged but lost: 0, edits lost after recovery: 0`,
      )
    } finally {
      for (const e of editors) e.client.destroy()
      for (const f of faults) await f.restore()
      await server?.stop()
      await setup.cleanup()
    }
  }, 90_000)
})
