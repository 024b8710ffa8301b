import { describe, expect, it } from 'vitest'
import { drivers } from '../helpers/drivers.ts'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess } from '../helpers/server-process.ts'
import { execSql } from '../helpers/sql.ts'
import { waitUntil } from '../helpers/wait.ts'

interface Ready {
  status: string
  unsavedDocuments: Array<{ document: string; message: string }>
}

/** A failed store is reported by /api/ready with the document's name, and loses nothing. */
describe.each(drivers().map((d) => [d.name, d] as const))('store failure on %s', (_name, driver) => {
  it('[S1] readiness names the unsaved document; edits stay durable and are stored once storage heals', async () => {
    const setup = await driver.setup()
    try {
      const server = await startServerProcess({
        dataDir: setup.dataDir,
        env: { DATABASE_URL: setup.databaseUrl ?? '' },
      })
      const ready = async () => (await fetch(`${server.url}/api/ready`)).json() as Promise<Ready>
      expect((await ready()).status).toBe('ready')
      const { account, documentName } = await ownerWithNotes(server)

      // Once the document is loaded, break only the compacted-state table: the log keeps working.
      const client = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
      await execSql(setup, 'ALTER TABLE document RENAME TO document_away')
      client.doc.getText('constats').insert(0, 'Écrit pendant la panne')
      await client.settled()
      client.destroy() // last client gone: Hocuspocus stores now, and that store fails

      await waitUntil(async () => (await ready()).status === 'not-ready', { message: 'not-ready' })
      const report = await ready()
      expect(report.unsavedDocuments.map((d) => d.document)).toEqual([documentName])
      expect((await fetch(`${server.url}/api/ready`)).status).toBe(503)
      expect(server.output()).toContain(`"documentName":"${documentName}"`)
      expect(server.output()).toContain('storing the document failed')

      // Heal; the next edit schedules a store that succeeds and clears the report. The document
      // stayed in memory because its store failed, so reconnecting does not reload it.
      await execSql(setup, 'ALTER TABLE document_away RENAME TO document')
      const again = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
      expect(again.doc.getText('constats').toJSON()).toBe('Écrit pendant la panne')
      again.doc.getText('constats').insert(0, '✓ ')
      await again.settled()
      again.destroy()
      await waitUntil(async () => (await ready()).status === 'ready', { message: 'ready again' })

      // And a crash now still finds everything.
      await server.stop('SIGKILL')
      const restarted = await startServerProcess({
        dataDir: setup.dataDir,
        env: { DATABASE_URL: setup.databaseUrl ?? '' },
      })
      const reader = await connectClient(restarted.wsUrl, documentName, { cookie: account.cookie })
      expect(reader.doc.getText('constats').toJSON()).toBe('✓ Écrit pendant la panne')
      reader.destroy()
      expect(await restarted.stop()).toBe(0)
    } finally {
      await setup.cleanup()
    }
  })
})
