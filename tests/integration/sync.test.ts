import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

describe('live sync through the real server', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess()
  })
  afterAll(async () => {
    expect(await server.stop()).toBe(0)
  })

  it('two providers editing one document converge', async () => {
    const { account, documentName } = await ownerWithNotes(server)
    const a = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
    const b = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
    a.doc.getMap('grid').set('c1', 'À initier')
    b.doc.getMap('grid').set('c2', 'Consolidé')
    a.doc.getText('notes').insert(0, 'Constat A. ')
    b.doc.getText('notes').insert(0, 'Constat B. ')
    await waitUntil(() => a.doc.getMap('grid').size === 2 && b.doc.getMap('grid').size === 2)
    await waitUntil(() => a.doc.getText('notes').length === 22 && b.doc.getText('notes').length === 22)
    expect(a.doc.getMap('grid').toJSON()).toEqual({ c1: 'À initier', c2: 'Consolidé' })
    expect(a.doc.getText('notes').toJSON()).toBe(b.doc.getText('notes').toJSON())
    a.destroy()
    b.destroy()
  })
})
