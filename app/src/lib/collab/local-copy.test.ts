import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LocalCopy, belongsTo, deleteLocalCopies, localDatabaseName } from './local-copy.ts'

/** IndexedDB writes are asynchronous: let y-indexeddb's pending requests complete. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

async function reopen(name: string): Promise<{ doc: Y.Doc; copy: LocalCopy; unacknowledged: boolean }> {
  const doc = new Y.Doc()
  const copy = new LocalCopy(name, doc)
  const { unacknowledged } = await copy.loaded
  return { doc, copy, unacknowledged }
}

describe('the local copy of a document', () => {
  const name = localDatabaseName('user1', 'etab:e1:notes')
  afterEach(async () => {
    await deleteLocalCopies()
    await settle()
  })

  it('restores edits in a new document, and says they were never acknowledged', async () => {
    const first = await reopen(name)
    expect(first.unacknowledged).toBe(false)
    first.doc.getText('t').insert(0, 'écrit hors ligne')
    await settle()
    first.copy.destroy()

    const second = await reopen(name)
    expect(second.doc.getText('t').toJSON()).toBe('écrit hors ligne')
    expect(second.unacknowledged).toBe(true)
    second.copy.destroy()
  })

  it('knows whether anything changed since the server last acknowledged the document', async () => {
    const first = await reopen(name)
    first.doc.getText('t').insert(0, 'reçu du serveur')
    first.copy.markAcknowledged()
    await settle()
    first.copy.destroy()

    const second = await reopen(name)
    expect(second.unacknowledged).toBe(false)
    second.doc.getText('t').insert(0, 'puis modifié ')
    await settle()
    second.copy.destroy()

    const third = await reopen(name)
    expect(third.doc.getText('t').toJSON()).toBe('puis modifié reçu du serveur')
    expect(third.unacknowledged).toBe(true)
    third.copy.destroy()
  })

  it('deletes other people’s copies and keeps the signed-in person’s', async () => {
    const mine = await reopen(localDatabaseName('user1', 'etab:e1:notes'))
    const theirs = await reopen(localDatabaseName('user2', 'etab:e1:notes'))
    mine.doc.getText('t').insert(0, 'à moi')
    theirs.doc.getText('t').insert(0, 'à quelqu’un d’autre')
    await settle()
    mine.copy.destroy()
    theirs.copy.destroy()
    await settle()

    await deleteLocalCopies(belongsTo('user1'))
    await settle()
    const names = (await indexedDB.databases()).map((database) => database.name)
    expect(names).toEqual([localDatabaseName('user1', 'etab:e1:notes')])
    expect((await reopen(localDatabaseName('user2', 'etab:e1:notes'))).doc.getText('t').toJSON()).toBe('')
  })
})
