import { describe, expect, it } from 'vitest'
import { DocumentRepository } from '@rouages/server/storage/documents'
import { openStorage } from '@rouages/server/storage/open'
import { drivers, type DriverUnderTest } from '../helpers/drivers.ts'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess } from '../helpers/server-process.ts'

type Setup = Awaited<ReturnType<DriverUnderTest['setup']>>

const serverFor = (setup: Setup) =>
  startServerProcess({ dataDir: setup.dataDir, env: { DATABASE_URL: setup.databaseUrl ?? '' } })

async function pendingLog(setup: Setup, name: string): Promise<number> {
  const storage = await openStorage(setup)
  try {
    return await new DocumentRepository(storage.db).pendingUpdates(name)
  } finally {
    await storage.close()
  }
}

/** An acknowledged edit survives SIGKILL at any moment, on every driver. */
describe.each(drivers().map((d) => [d.name, d] as const))('durability on %s', (_name, driver) => {
  it('[D1] acknowledged edits survive SIGKILL while the client is still connected', async () => {
    const setup = await driver.setup()
    try {
      const first = await serverFor(setup)
      const { account, documentName } = await ownerWithNotes(first)
      const client = await connectClient(first.wsUrl, documentName, { cookie: account.cookie })
      const grid = client.doc.getMap<string>('grid')
      for (let i = 0; i < 200; i++) grid.set(`descripteur-${i}`, i % 2 ? 'Atteint' : 'En cours')
      client.doc.getText('constats').insert(0, 'Constat acquitté avant le crash')
      await client.settled()
      // The debounced store (2 s) has not run: the edits are only in the update log.
      expect(await first.stop('SIGKILL')).toBeNull()
      client.destroy()
      expect(await pendingLog(setup, documentName)).toBeGreaterThan(0)

      const second = await serverFor(setup)
      const reader = await connectClient(second.wsUrl, documentName, { cookie: account.cookie })
      expect(reader.doc.getMap('grid').size).toBe(200)
      expect(reader.doc.getMap('grid').get('descripteur-199')).toBe('Atteint')
      expect(reader.doc.getText('constats').toJSON()).toBe('Constat acquitté avant le crash')
      reader.destroy()
      expect(await second.stop()).toBe(0)
    } finally {
      await setup.cleanup()
    }
  })

  it('[D2] acknowledged edits survive SIGKILL right after every client has gone', async () => {
    const setup = await driver.setup()
    try {
      const first = await serverFor(setup)
      const { account, documentName } = await ownerWithNotes(first)
      const client = await connectClient(first.wsUrl, documentName, { cookie: account.cookie })
      client.doc.getMap('grid').set('c7', 'Consolidé')
      await client.settled()
      client.destroy()
      expect(await first.stop('SIGKILL')).toBeNull()

      const second = await serverFor(setup)
      const reader = await connectClient(second.wsUrl, documentName, { cookie: account.cookie })
      expect(reader.doc.getMap('grid').get('c7')).toBe('Consolidé')
      reader.destroy()
      expect(await second.stop()).toBe(0)
    } finally {
      await setup.cleanup()
    }
  })

  it('[D3] SIGTERM stores every document, compacts the log and exits 0', async () => {
    const setup = await driver.setup()
    try {
      const server = await serverFor(setup)
      const { account, documentName } = await ownerWithNotes(server)
      const client = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
      client.doc.getText('synthese').insert(0, 'Synthèse du critère 4')
      await client.settled()
      expect(await server.stop('SIGTERM')).toBe(0)
      client.destroy()
      expect(server.output()).toContain('"msg":"stopped"')
      expect(await pendingLog(setup, documentName)).toBe(0)

      const again = await serverFor(setup)
      const reader = await connectClient(again.wsUrl, documentName, { cookie: account.cookie })
      expect(reader.doc.getText('synthese').toJSON()).toBe('Synthèse du critère 4')
      reader.destroy()
      expect(await again.stop()).toBe(0)
    } finally {
      await setup.cleanup()
    }
  })
})
