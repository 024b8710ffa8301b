import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { drivers } from '../helpers/drivers.ts'
import {
  connectClient,
  maybeToggleConnection,
  reconnectAndSettle,
  type TestClient,
} from '../helpers/providers.ts'
import { fuzzSeed, seededRandom } from '../helpers/random.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const CLIENTS = 4
const ROUNDS = 120

type Random = () => number
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** One random edit of the kinds the grid makes: map keys, text, a list of items. */
function randomEdit(random: Random, doc: Y.Doc, round: number): void {
  const roll = random()
  if (roll < 0.4) {
    doc
      .getMap('levels')
      .set(`d${Math.floor(random() * 12)}`, pick(random, ['À initier', 'En cours', 'Atteint', 'Consolidé']))
  } else if (roll < 0.7) {
    const text = doc.getText('constats')
    if (text.length > 0 && random() < 0.3) {
      const at = Math.floor(random() * text.length)
      text.delete(at, Math.min(3, text.length - at))
    } else {
      text.insert(Math.floor(random() * (text.length + 1)), `r${round} `)
    }
  } else {
    const list = doc.getArray<string>('actions')
    if (list.length > 0 && random() < 0.25) list.delete(Math.floor(random() * list.length), 1)
    else list.insert(Math.floor(random() * (list.length + 1)), [`action-${round}`])
  }
}

/** Comparable content; map keys sorted, since each replica iterates a Y.Map in its own order. */
const snapshotOf = (doc: Y.Doc) => ({
  levels: Object.fromEntries(
    Object.entries(doc.getMap('levels').toJSON()).sort(([a], [b]) => a.localeCompare(b)),
  ),
  constats: doc.getText('constats').toJSON(),
  actions: doc.getArray('actions').toJSON(),
})

/**
 * N clients edit at random while their connections drop and the server is killed and restarted;
 * in the end every client, and a fresh client after a restart, hold the same document.
 */
describe.each(drivers().map((d) => [d.name, d] as const))('convergence fuzz on %s', (_name, driver) => {
  it('[F1] clients converge through disconnects and a server SIGKILL', async () => {
    const seed = fuzzSeed()
    console.info(`convergence fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`)
    const random = seededRandom(seed)
    const setup = await driver.setup()
    const env = { DATABASE_URL: setup.databaseUrl ?? '' }
    let server: ServerProcess = await startServerProcess({ dataDir: setup.dataDir, env })
    const port = new URL(server.url).port
    const { account, documentName } = await ownerWithNotes(server)
    const cookie = account.cookie
    const clients: TestClient[] = []
    try {
      for (let i = 0; i < CLIENTS; i++)
        clients.push(await connectClient(server.wsUrl, documentName, { reconnect: true, cookie }))

      for (let round = 0; round < ROUNDS; round++) {
        const client = pick(random, clients)
        randomEdit(random, client.doc, round)
        const event = random()
        // Wi-Fi drops: the tab's socket goes away and comes back; edits meanwhile stay local.
        maybeToggleConnection(client, event, 0.05, 0.15)
        if (round === Math.floor(ROUNDS / 2)) {
          // Crash mid-session; restart on the same port so the providers find it again.
          await server.stop('SIGKILL')
          server = await startServerProcess({ dataDir: setup.dataDir, env: { ...env, PORT: port } })
        }
        if (round % 10 === 0) await new Promise((resolve) => setImmediate(resolve))
      }

      await reconnectAndSettle(clients, `seed ${seed}`)
      const serialized = (c: TestClient) => JSON.stringify(snapshotOf(c.doc))
      await waitUntil(() => new Set(clients.map(serialized)).size === 1, {
        timeoutMs: 10_000,
        message: `clients equal (seed ${seed})`,
      }).catch((error: Error) => {
        throw new Error(`${error.message}\n${clients.map(serialized).join('\n')}`)
      })
      const expected = snapshotOf(clients[0]!.doc)

      for (const client of clients) client.destroy()
      clients.length = 0
      expect(await server.stop('SIGKILL')).toBeNull()
      server = await startServerProcess({ dataDir: setup.dataDir, env })
      const fresh = await connectClient(server.wsUrl, documentName, { cookie })
      expect(snapshotOf(fresh.doc), `seed ${seed}`).toEqual(expected)
      fresh.destroy()
    } finally {
      for (const client of clients) client.destroy()
      await server.stop()
      await setup.cleanup()
    }
  })
})
