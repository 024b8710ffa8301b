import { WebSocketStatus } from '@hocuspocus/provider'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { readCriteria, synthesisText } from '@rouages/shared/workspace/grid'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { drivers } from '../helpers/drivers.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { fuzzSeed, seededRandom } from '../helpers/random.ts'
import { frame, openRawSocket, Wire } from '../helpers/raw-socket.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const CLIENTS = 30
const ROUNDS = 20
/** Edits planned per round, at random moments of the window; the kill may come before some. */
const EDITS_PER_ROUND = 45
const WINDOW_MS = 700
const BURST_MS = 40
/** Share of rounds where the restarted server is killed again while it loads a document. */
const RECOVERY_CRASH_SHARE = 0.3
const FW = 'lycee-des-metiers'

type Random = () => number
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** Where edits go: the notepad's text, or the synthesis of one criterion of a school year. */
interface Target {
  name: string
  texts(doc: Y.Doc): Y.Text[]
}

/** An edit is a unique token, written in one transaction (so one update) to a text and a map. */
const TOKEN = /\[r\d+c\d+e\d+\]/g
const ledgerMap = (doc: Y.Doc) => doc.getMap<number>('crash-ledger')

function writeToken(random: Random, doc: Y.Doc, target: Target, token: string, round: number): void {
  const text = pick(random, target.texts(doc))
  // Only between tokens, so that the text stays a plain sequence of whole tokens.
  const content = text.toJSON()
  const boundaries = [0, ...[...content.matchAll(TOKEN)].map((m) => m.index + m[0].length)]
  doc.transact(() => {
    text.insert(pick(random, boundaries), token)
    ledgerMap(doc).set(token, round)
  })
}

/**
 * One of the 30 people editing during a round, on a fresh provider connected once.
 *
 * When is an edit acknowledged? Read from @hocuspocus/provider 4.x and the server:
 * `unsyncedChanges` is set to 1 when the socket opens (for the sync handshake), goes up by one for
 * every local update sent, and down by one for every SyncStatus(applied) the server answers; the
 * server handles one connection's messages in order and answers an update only after
 * `Persistence.beforeSync` has appended it to the durable log. So on a connection that never
 * dropped, the count reaching 0 means every update sent on it is in the log: the edits made
 * before that moment are acknowledged. An edit made while the socket is not open is queued and
 * counted but never answered on that connection, so the count cannot reach 0 past it. After a
 * close the provider resets the count to 1 on reconnect, and answers to queued updates could then
 * bring it to 0 early: from its first close on, a client's edits are never counted (it is
 * recreated after each restart anyway).
 */
class Editor {
  /** Still on its first connection: only then does 0 unsynced changes mean "logged". */
  live = true
  pending: string[] = []
  readonly client: TestClient
  readonly target: Target

  constructor(client: TestClient, target: Target, acknowledged: (tokens: string[]) => void) {
    this.client = client
    this.target = target
    client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number !== 0 || !this.live) return
      acknowledged(this.pending)
      this.pending = []
    })
    const dropped = () => {
      this.live = false
    }
    client.provider.on('close', dropped)
    client.provider.on('disconnect', dropped)
  }

  get canEdit(): boolean {
    return (
      this.live && this.client.socket.status === WebSocketStatus.Connected && this.client.provider.isSynced
    )
  }

  edit(random: Random, token: string, round: number): boolean {
    if (!this.canEdit) return false
    this.pending.push(token)
    writeToken(random, this.client.doc, this.target, token, round)
    return true
  }
}

/** The tokens a fresh client finds in a document, checked for shape and duplicates. */
async function readBack(server: ServerProcess, target: Target, cookie: string) {
  const reader = await connectClient(server.wsUrl, target.name, { cookie })
  try {
    const inText: string[] = []
    for (const text of target.texts(reader.doc)) {
      const content = text.toJSON()
      const tokens = content.match(TOKEN) ?? []
      // Nothing but whole tokens: no torn or interleaved edit.
      expect(tokens.join(''), `${target.name}: text made of whole tokens`).toBe(content)
      inText.push(...tokens)
    }
    const inMap = [...ledgerMap(reader.doc).keys()]
    return { inText, inMap }
  } finally {
    reader.destroy()
  }
}

/**
 * 30 clients edit two documents while the server is killed with SIGKILL at a random moment of
 * each of 20 rounds (and, in some rounds, again while it recovers); after every restart a fresh
 * client finds every edit a client saw acknowledged, once, and nothing that no client made.
 */
describe.each(drivers().map((d) => [d.name, d] as const))('crash rounds on %s', (name, driver) => {
  it('[C1] no acknowledged edit is lost across 20 SIGKILLs', { timeout: 180_000 }, async () => {
    const started = Date.now()
    const seed = fuzzSeed()
    console.info(`crash rounds seed: ${seed} (replay with FUZZ_SEED=${seed})`)
    const random = seededRandom(seed)
    const setup = await driver.setup()
    const env = { DATABASE_URL: setup.databaseUrl ?? '' }
    let server: ServerProcess = await startServerProcess({ dataDir: setup.dataDir, env })
    let editors: Editor[] = []
    const destroyEditors = () => {
      for (const editor of editors) {
        editor.live = false
        editor.client.destroy()
      }
      editors = []
    }
    try {
      const { account: owner, etablissement, documentName } = await ownerWithNotes(server)
      const accounts: Account[] = [owner]
      for (const person of ['Sophie Durand', 'Karim Benali'])
        accounts.push(await addMember(server, owner, etablissement.id, 'contributor', person))
      const res = await api(server, `/etablissements/${etablissement.id}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear: '2025-2026', frameworkIds: [FW] },
      })
      expect(res.status).toBe(201)
      const year = (await res.json()) as SchoolYear
      const targets: Target[] = [
        { name: documentName, texts: (doc) => [doc.getText('constats')] },
        {
          name: year.documentName,
          texts: (doc) => readCriteria(doc, FW).map((c) => synthesisText(doc, FW, c.id)),
        },
      ]

      const made = new Set<string>()
      const acknowledged = new Set<string>()
      const acknowledge = (tokens: string[]) => {
        for (const token of tokens) acknowledged.add(token)
      }
      /** Saved, though no client saw it acknowledged: in flight at the crash, or counted late. */
      let savedUncounted = 0
      let recoveryCrashes = 0

      for (let round = 0; round < ROUNDS; round++) {
        editors = await Promise.all(
          Array.from({ length: CLIENTS }, async (_, i) => {
            const target = targets[i % targets.length]!
            const { cookie } = accounts[i % accounts.length]!
            const client = await connectClient(server.wsUrl, target.name, { reconnect: true, cookie })
            return new Editor(client, target, acknowledge)
          }),
        )

        // The round's plan, from the seed: who edits when, and when the server dies.
        // Half the edits come in a burst just before the kill, so that some are in flight then.
        const killAt = Math.floor(random() * WINDOW_MS) + 50
        const plan = Array.from({ length: EDITS_PER_ROUND }, (_, e) => {
          const at = Math.floor(random() < 0.5 ? random() * WINDOW_MS : killAt - random() * BURST_MS)
          const client = Math.floor(random() * CLIENTS)
          return { at, client, token: `[r${round}c${client}e${e}]` }
        })
        const editRandom = seededRandom(Math.floor(random() * 2 ** 31) + 1)
        const timers = plan.map(({ at, client, token }) =>
          setTimeout(() => {
            if (editors[client]?.edit(editRandom, token, round)) made.add(token)
          }, at),
        )
        await new Promise((resolve) => setTimeout(resolve, killAt))
        expect(await server.stop('SIGKILL')).toBeNull()
        for (const timer of timers) clearTimeout(timer)
        // Answers already in the sockets were sent by the server before it died: they count.
        await waitUntil(() => editors.every((e) => e.client.socket.status !== WebSocketStatus.Connected), {
          message: 'every client saw the crash',
        })
        // Before the restart: no client can bring back, on reconnecting, an edit the log lost.
        destroyEditors()

        server = await startServerProcess({ dataDir: setup.dataDir, env })
        if (random() < RECOVERY_CRASH_SHARE) {
          // A crash during recovery: while a document loads, replays its log and compacts it.
          const raw = await openRawSocket(server.wsUrl, { cookie: owner.cookie })
          raw.ws.on('error', () => {})
          raw.send(
            frame(pick(random, targets).name, (e) => {
              encoding.writeVarUint(e, Wire.Auth)
              encoding.writeVarUint(e, Wire.AuthToken)
              encoding.writeVarString(e, '')
            }),
          )
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)))
          expect(await server.stop('SIGKILL')).toBeNull()
          raw.ws.terminate()
          recoveryCrashes++
          server = await startServerProcess({ dataDir: setup.dataDir, env })
        }
        const found = new Set<string>()
        for (const target of targets) {
          const { inText, inMap } = await readBack(server, target, owner.cookie)
          const context = `seed ${seed}, round ${round}, ${target.name}`
          expect(inText.length, `${context}: no edit twice`).toBe(new Set(inText).size)
          // Text and map were written in one update: both or neither survive.
          expect([...inText].sort(), context).toEqual([...inMap].sort())
          for (const token of inText) found.add(token)
        }
        const lost = [...acknowledged].filter((token) => !found.has(token))
        expect(lost, `seed ${seed}, round ${round}: acknowledged edits lost`).toEqual([])
        expect(
          [...found].filter((token) => !made.has(token)),
          `seed ${seed}, round ${round}: unknown edits`,
        ).toEqual([])
        savedUncounted = found.size - acknowledged.size
      }

      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.log(
        `crash rounds on ${name}: ${ROUNDS} rounds (${ROUNDS + recoveryCrashes} SIGKILLs, ${recoveryCrashes} ` +
          `while recovering), ${CLIENTS} clients, ${made.size} edits made, ` +
          `${acknowledged.size} acknowledged, 0 acknowledged lost, ${savedUncounted} more saved ` +
          `without being counted as acknowledged, ${seconds} s (seed ${seed})`,
      )
      expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5)
    } finally {
      destroyEditors()
      await server.stop()
      await setup.cleanup()
    }
  })
})
