/** A document loaded from storage reaches the client that asked for it once, not twice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

describe('cold load', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let owner: Account
  let documentName: string

  beforeAll(async () => {
    server = await startServerProcess({ dataDir: data.dir })
    ;({ account: owner, documentName } = await ownerWithNotes(server))
  })
  afterAll(async () => {
    await server.stop()
    data.remove()
  })

  it('[CL1] sends a stored document once to the client that loads it', async () => {
    const writer = await connectClient(server.wsUrl, documentName, { cookie: owner.cookie })
    // About 60 KB of text in many small edits, as a notepad fills over a year.
    const text = writer.doc.getText('notes')
    for (let i = 0; i < 600; i++)
      text.insert(text.length, `Ligne ${i} : constats et preuves du critère ${i % 8}.\n`)
    await writer.settled()
    const size = Y.encodeStateAsUpdate(writer.doc).length
    writer.destroy()
    // The last connection gone, the server stores and unloads the document; a restart makes sure.
    expect(await server.stop()).toBe(0)
    server = await startServerProcess({ dataDir: data.dir })

    let received = 0
    const reader = await connectClient(server.wsUrl, documentName, {
      cookie: owner.cookie,
      onMessage: (frame) => (received += frame.length),
    })
    await waitUntil(() => reader.doc.getText('notes').length === text.length, {
      message: 'document received',
    })
    // Let a second copy, if any, arrive: the server batches broadcasts until its next tick.
    await reader.settled()
    expect(received).toBeGreaterThan(size)
    expect(received).toBeLessThan(size * 1.5)
    reader.destroy()
  })
})
