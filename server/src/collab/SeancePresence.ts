import type { Extension, connectedPayload, onDisconnectPayload } from '@hocuspocus/server'
import type * as Y from 'yjs'
import { parseDocumentName } from '@rouages/shared/document-names'
import { liveMap, type LivePerson } from '@rouages/shared/seance/live'
import { collabContextOf, participantKeyOf } from './collab-context.ts'

interface Presence {
  person: LivePerson
  connections: number
}

const SERVER_ORIGIN = { source: 'local' as const, context: { seancePresence: true } }

/**
 * Who is in a séance, written by the server into its document from the authenticated connections:
 * the projector's "present" count and names cannot be faked by a client's awareness state.
 * A person with several tabs or devices counts once.
 */
export class SeancePresence implements Extension {
  extensionName = 'SeancePresence'
  /** Being in the room is taking part: the séance's list of participants is told. */
  readonly #joined: (seanceId: string, person: LivePerson) => Promise<void>

  constructor(deps: { joined: (seanceId: string, person: LivePerson) => Promise<void> }) {
    this.#joined = deps.joined
  }

  /** Per séance document: participant key → open connections. */
  readonly #rooms = new Map<string, Map<string, Presence>>()

  async connected({ documentName, connection, context }: connectedPayload): Promise<void> {
    const who = collabContextOf(context)
    const parsed = parseDocumentName(documentName)
    if (parsed?.kind !== 'seance' || !who) return
    const room = this.#rooms.get(documentName) ?? new Map<string, Presence>()
    this.#rooms.set(documentName, room)
    const key = participantKeyOf(who)
    const entry = room.get(key) ?? {
      person: { key, name: who.user.displayName, guest: !!who.guest },
      connections: 0,
    }
    entry.connections++
    room.set(key, entry)
    if (entry.connections > 1) return
    write(connection.document, room)
    await this.#joined(parsed.rest[0] ?? '', entry.person)
  }

  onDisconnect({ documentName, document, context }: onDisconnectPayload): Promise<void> {
    const who = collabContextOf(context)
    const room = this.#rooms.get(documentName)
    if (!who || !room) return Promise.resolve()
    const key = participantKeyOf(who)
    const entry = room.get(key)
    if (!entry) return Promise.resolve()
    entry.connections--
    if (entry.connections > 0) return Promise.resolve()
    room.delete(key)
    if (room.size === 0) this.#rooms.delete(documentName)
    write(document, room)
    return Promise.resolve()
  }
}

function write(document: Y.Doc, room: Map<string, { person: LivePerson }>): void {
  const present = [...room.values()]
    .map((entry) => entry.person)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
  document.transact(() => liveMap(document).set('present', present), SERVER_ORIGIN)
}
