import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseReason } from '@rouages/shared/protocol'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { frame, openRawSocket, Wire } from '../helpers/raw-socket.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const MAX_MESSAGE_BYTES = 64 * 1024

/**
 * Hostile or broken frames close only the offending connection: the server, the other clients
 * and what is stored carry on untouched.
 */
describe('hostile WebSocket frames', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let bystander: TestClient
  let edits = 0
  let DOC = ''
  let cookie = ''

  beforeAll(async () => {
    server = await startServerProcess({
      dataDir: data.dir,
      env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) },
    })
    const owner = await ownerWithNotes(server)
    DOC = owner.documentName
    cookie = owner.account.cookie
    bystander = await connectClient(server.wsUrl, DOC, { cookie })
    bystander.doc.getText('constats').insert(0, 'Contenu enregistré.')
    await bystander.settled()
  })

  afterAll(async () => {
    bystander.destroy()
    await server.stop()
    data.remove()
  })

  /** After each attack the bystander still edits and another client sees it. */
  async function bystanderStillWorks(): Promise<void> {
    edits++
    bystander.doc.getMap('grid').set(`after-attack-${edits}`, 'Atteint')
    await bystander.settled()
    const observer = await connectClient(server.wsUrl, DOC, { cookie })
    expect(observer.doc.getMap('grid').get(`after-attack-${edits}`)).toBe('Atteint')
    expect(observer.doc.getText('constats').toJSON()).toBe('Contenu enregistré.')
    observer.destroy()
  }

  it('[H1] a text frame closes that connection with unsupported-frame', async () => {
    const raw = await openRawSocket(server.wsUrl)
    raw.send('{"type":"hello"}')
    expect(await raw.closed).toEqual(CloseReason.UnsupportedFrame)
    await bystanderStillWorks()
  })

  it('[H2] bytes that are not a message close that connection', async () => {
    const raw = await openRawSocket(server.wsUrl)
    raw.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))
    const { code } = await raw.closed
    expect(code).toBeGreaterThanOrEqual(4000)
    await bystanderStillWorks()
  })

  it('[H3] an unknown message type closes that connection with unsupported-frame', async () => {
    const raw = await openRawSocket(server.wsUrl, { cookie })
    await raw.authenticate(DOC)
    raw.send(frame(DOC, (e) => encoding.writeVarUint(e, 42)))
    expect(await raw.closed).toEqual(CloseReason.UnsupportedFrame)
    await bystanderStillWorks()
  })

  it('[H4] an undecodable Yjs update closes that connection and is never stored', async () => {
    const raw = await openRawSocket(server.wsUrl, { cookie })
    await raw.authenticate(DOC)
    raw.send(
      frame(DOC, (e) => {
        encoding.writeVarUint(e, Wire.Sync)
        encoding.writeVarUint(e, Wire.SyncUpdate)
        encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 3, 250, 250, 250, 9]))
      }),
    )
    expect(await raw.closed).toEqual(CloseReason.MalformedUpdate)
    await bystanderStillWorks()
  })

  it('[H5] an oversized frame closes that connection with 1009', async () => {
    const raw = await openRawSocket(server.wsUrl)
    raw.send(new Uint8Array(MAX_MESSAGE_BYTES + 1))
    expect((await raw.closed).code).toBe(1009)
    await bystanderStillWorks()
  })

  it('[H6] an invalid document name is refused', async () => {
    const raw = await openRawSocket(server.wsUrl)
    raw.send(
      frame('../../etc/passwd', (e) => {
        encoding.writeVarUint(e, Wire.Auth)
        encoding.writeVarUint(e, Wire.AuthToken)
        encoding.writeVarString(e, '')
      }),
    )
    // Hocuspocus answers a refused document with a permission-denied auth message and its reason.
    await waitUntil(() => raw.received.length > 0, { message: 'refusal' })
    const decoder = decoding.createDecoder(raw.received[0]!)
    expect(decoding.readVarString(decoder)).toBe('../../etc/passwd')
    expect(decoding.readVarUint(decoder)).toBe(Wire.Auth)
    expect(decoding.readVarUint(decoder)).toBe(Wire.AuthPermissionDenied)
    expect(decoding.readVarString(decoder)).toBe(CloseReason.InvalidDocumentName.reason)
    raw.ws.close()
    await bystanderStillWorks()
  })

  it('[H7] after all of this, a restart loads exactly what was saved', async () => {
    bystander.destroy()
    expect(await server.stop()).toBe(0)
    server = await startServerProcess({ dataDir: data.dir })
    bystander = await connectClient(server.wsUrl, DOC, { cookie })
    expect(bystander.doc.getText('constats').toJSON()).toBe('Contenu enregistré.')
    expect(bystander.doc.getMap('grid').size).toBe(edits)
  })
})
