import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import {
  addDescriptor,
  addPreuve,
  entryText,
  readCriteria,
  readEntry,
  removeDescriptor,
  removePreuve,
  setLevel,
  synthesisText,
} from '@rouages/shared/workspace/grid'
import { ENTRY_TEXT_FIELDS } from '@rouages/shared/workspace/schema'
import { validateWorkspace } from '@rouages/shared/workspace/validate'
import { addMember, api, ownerWithNotes } from '../helpers/accounts.ts'
import {
  connectClient,
  maybeToggleConnection,
  reconnectAndSettle,
  type TestClient,
} from '../helpers/providers.ts'
import { fuzzSeed, seededRandom } from '../helpers/random.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const CLIENTS = 8
const ROUNDS = 200
const FW = 'lycee-des-metiers'
const LEVELS = [null, 'a-initier', 'en-cours', 'atteint', 'consolide'] as const

type Random = () => number
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** One random grid edit of the kinds people make, through the shared accessors only. */
function randomGridEdit(random: Random, doc: Y.Doc, round: number): void {
  const criteria = readCriteria(doc, FW)
  const criterion = pick(random, criteria)
  const descriptors = criterion.descriptors
  const roll = random()
  if (descriptors.length === 0 || roll < 0.12) {
    addDescriptor(doc, FW, criterion.id, `Descripteur ${round}`)
    return
  }
  const descriptor = pick(random, descriptors)
  if (roll < 0.4) setLevel(doc, FW, descriptor.id, pick(random, LEVELS))
  else if (roll < 0.7) {
    const text = entryText(doc, FW, descriptor.id, pick(random, ENTRY_TEXT_FIELDS))
    if (text.length > 4 && random() < 0.3) text.delete(Math.floor(random() * (text.length - 3)), 3)
    else text.insert(Math.floor(random() * (text.length + 1)), `c${round} `)
  } else if (roll < 0.82) {
    const preuves = readEntry(doc, FW, descriptor.id).preuves
    if (preuves.length > 0 && random() < 0.4) removePreuve(doc, FW, descriptor.id, pick(random, preuves).id)
    else
      addPreuve(doc, FW, descriptor.id, {
        kind: 'lien',
        label: `Preuve ${round}`,
        ref: `https://ent.lycee.fr/${round}`,
      })
  } else if (roll < 0.95) synthesisText(doc, FW, criterion.id).insert(0, `s${round} `)
  else removeDescriptor(doc, FW, criterion.id, descriptor.id)
}

/** Everything a grid shows, as comparable JSON. */
const gridOf = (doc: Y.Doc) =>
  JSON.stringify(
    readCriteria(doc, FW).map((c) => ({
      ...c,
      synthesis: synthesisText(doc, FW, c.id).toJSON(),
      entries: c.descriptors.map((d) => readEntry(doc, FW, d.id)),
    })),
  )

describe('grid convergence fuzz', () => {
  it('[F2] 8 people edit the grid through dropped sockets and a server crash; all end identical and valid', async () => {
    const seed = fuzzSeed()
    console.info(`grid fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`)
    const random = seededRandom(seed)
    let server: ServerProcess = await startServerProcess()
    const port = new URL(server.url).port
    const clients: TestClient[] = []
    try {
      const { account: owner, etablissement } = await ownerWithNotes(server)
      const res = await api(server, `/etablissements/${etablissement.id}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear: '2025-2026', frameworkIds: [FW] },
      })
      const { documentName } = (await res.json()) as SchoolYear
      const people = [owner]
      for (let i = 1; i < CLIENTS; i++)
        people.push(
          await addMember(
            server,
            owner,
            etablissement.id,
            i % 2 ? 'contributor' : 'facilitator',
            `Personne ${i}`,
          ),
        )
      for (const person of people)
        clients.push(
          await connectClient(server.wsUrl, documentName, { cookie: person.cookie, reconnect: true }),
        )

      for (let round = 0; round < ROUNDS; round++) {
        const client = pick(random, clients)
        randomGridEdit(random, client.doc, round)
        const event = random()
        maybeToggleConnection(client, event, 0.04, 0.12)
        if (round === ROUNDS / 2) {
          await server.stop('SIGKILL')
          server = await startServerProcess({ dataDir: server.dataDir, env: { PORT: port } })
        }
        if (round % 10 === 0) await new Promise((resolve) => setImmediate(resolve))
      }

      await reconnectAndSettle(clients, `seed ${seed}`)
      await waitUntil(() => new Set(clients.map((c) => gridOf(c.doc))).size === 1, {
        timeoutMs: 10_000,
        message: `grids equal (seed ${seed})`,
      })
      for (const client of clients) expect(validateWorkspace(client.doc), `seed ${seed}`).toEqual([])
      const expected = gridOf(clients[0]!.doc)

      for (const client of clients) client.destroy()
      clients.length = 0
      await server.stop('SIGKILL')
      server = await startServerProcess({ dataDir: server.dataDir })
      const fresh = await connectClient(server.wsUrl, documentName, { cookie: owner.cookie })
      expect(gridOf(fresh.doc), `seed ${seed}`).toBe(expected)
      expect(validateWorkspace(fresh.doc)).toEqual([])
      fresh.destroy()
    } finally {
      for (const client of clients) client.destroy()
      await server.stop()
    }
  }, 90_000)
})
