import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentRepository } from '@rouages/server/storage/documents'
import { openStorage } from '@rouages/server/storage/open'
import type { Storage } from '@rouages/server/storage/types'
import { drivers } from '../helpers/drivers.ts'

/** The storage contract: every driver must pass the same cases. */
describe.each(drivers().map((d) => [d.name, d] as const))('storage contract on %s', (_name, driver) => {
  let storage: Storage
  let documents: DocumentRepository
  let options: { dataDir: string; databaseUrl: string | undefined }
  let cleanup: () => Promise<void>

  beforeEach(async () => {
    const setup = await driver.setup()
    options = { dataDir: setup.dataDir, databaseUrl: setup.databaseUrl }
    cleanup = setup.cleanup
    storage = await openStorage(options)
    documents = new DocumentRepository(storage.db)
  })
  afterEach(async () => {
    await storage.close().catch(() => {})
    await cleanup()
  })

  it('[SC1] reports its driver and answers a ping', async () => {
    expect(storage.driver).toBe(driver.name)
    await expect(storage.ping()).resolves.toBeUndefined()
  })

  it('[SC2] migrations are idempotent: reopening the same store keeps its data', async () => {
    await documents.appendUpdate('doc-a', new Uint8Array([1, 2, 3]))
    await storage.close()
    storage = await openStorage(options)
    documents = new DocumentRepository(storage.db)
    expect((await documents.load('doc-a')).updates.map((u) => [...u.update])).toEqual([[1, 2, 3]])
  })

  it('[SC3] an unknown document loads as nothing', async () => {
    expect(await documents.load('nobody-here')).toEqual({ state: null, updates: [] })
  })

  it('[SC4] logged updates come back byte for byte, in the order they were appended', async () => {
    const allBytes = new Uint8Array(256).map((_, i) => i)
    const large = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 251)
    await documents.appendUpdate('doc-a', allBytes)
    await documents.appendUpdate('doc-a', large)
    await documents.appendUpdate('doc-a', new Uint8Array([7]))
    const { state, updates } = await documents.load('doc-a')
    expect(state).toBeNull()
    expect(updates.map((u) => u.update.length)).toEqual([256, large.length, 1])
    expect(Buffer.from(updates[0]!.update).equals(Buffer.from(allBytes))).toBe(true)
    expect(Buffer.from(updates[1]!.update).equals(Buffer.from(large))).toBe(true)
    expect(updates[0]!.id).toBeLessThan(updates[1]!.id)
  })

  it('[SC5] documents are isolated by name', async () => {
    await documents.appendUpdate('doc-a', new Uint8Array([1]))
    await documents.compact('doc-b', new Uint8Array([9, 9]), () => false)
    expect((await documents.load('doc-a')).state).toBeNull()
    expect((await documents.load('doc-b')).updates).toEqual([])
    expect(await documents.pendingUpdates('doc-a')).toBe(1)
    expect(await documents.pendingUpdates('doc-b')).toBe(0)
  })

  it('[SC6] compaction writes the state and drops only the updates it contains', async () => {
    await documents.appendUpdate('doc-a', new Uint8Array([1]))
    await documents.appendUpdate('doc-a', new Uint8Array([2]))
    await documents.appendUpdate('doc-other', new Uint8Array([1]))
    const removed = await documents.compact('doc-a', new Uint8Array([42]), (u) => u[0] === 1)
    expect(removed).toBe(1)
    const { state, updates } = await documents.load('doc-a')
    expect([...state!]).toEqual([42])
    expect(updates.map((u) => [...u.update])).toEqual([[2]])
    expect(await documents.pendingUpdates('doc-other')).toBe(1)
  })

  it('[SC7] a second compaction replaces the state', async () => {
    await documents.compact('doc-a', new Uint8Array([1]), () => true)
    await documents.compact('doc-a', new Uint8Array([2, 2]), () => true)
    expect([...(await documents.load('doc-a')).state!]).toEqual([2, 2])
  })

  it('[SC8] state plus replayed log rebuilds the same Yjs document', async () => {
    const original = new Y.Doc()
    const updates: Uint8Array[] = []
    original.on('update', (u: Uint8Array) => updates.push(u))
    original.getMap('grid').set('c1', 'En cours')
    const compacted = Y.encodeStateAsUpdate(original)
    original.getText('constats').insert(0, 'Partenariats actifs avec 12 entreprises')
    original.getMap('grid').set('c2', 'Atteint')
    await documents.compact('doc-y', compacted, () => true)
    for (const u of updates.slice(1)) await documents.appendUpdate('doc-y', u)

    const rebuilt = new Y.Doc()
    const stored = await documents.load('doc-y')
    Y.applyUpdate(rebuilt, stored.state!)
    for (const { update } of stored.updates) Y.applyUpdate(rebuilt, update)
    expect(rebuilt.getMap('grid').toJSON()).toEqual({ c1: 'En cours', c2: 'Atteint' })
    expect(rebuilt.getText('constats').toJSON()).toBe('Partenariats actifs avec 12 entreprises')
  })

  it('[SC9] a closed storage refuses to ping', async () => {
    await storage.close()
    await expect(storage.ping()).rejects.toThrow()
  })
})
