import type * as Y from 'yjs'
import { api } from '../helpers/accounts.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import type { ServerProcess } from '../helpers/server-process.ts'

/** A condition on a phone's copy of the séance document, waited for until `timer` fires. */
interface Watch {
  condition: (doc: Y.Doc) => boolean
  resolve: (at: number) => void
  timer: NodeJS.Timeout
}

/**
 * One simulated phone in the room: a guest's `rouages_invite` cookie for the API, and a real
 * HocuspocusProvider on its own WebSocket, reading the séance's document as the app does. Only the
 * server writes that document, so the phone never sends an update: it applies what it receives.
 */
export class Participant {
  readonly index: number
  readonly name: string
  readonly cookie: string
  #client: TestClient | undefined
  readonly #watches = new Set<Watch>()

  constructor(index: number, name: string, cookie: string) {
    this.index = index
    this.name = name
    this.cookie = cookie
  }

  /** Joins a séance by its code as a guest, keeping the cookie the server sets. */
  static async join(server: ServerProcess, code: string, index: number): Promise<Participant> {
    const name = `Participant ${String(index + 1).padStart(2, '0')}`
    const res = await api(server, '/seances/rejoindre', { body: { code, name } })
    if (res.status !== 200) throw new Error(`${name} could not join: ${res.status} ${await res.text()}`)
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('rouages_invite='))
      ?.split(';')[0]
    if (!cookie) throw new Error(`${name} joined without a rouages_invite cookie`)
    return new Participant(index, name, cookie)
  }

  get doc(): Y.Doc {
    if (!this.#client) throw new Error(`${this.name} is not connected`)
    return this.#client.doc
  }

  /** Opens the séance's document and resolves once it is synced. */
  async connect(wsUrl: string, documentName: string): Promise<void> {
    const client = await connectClient(wsUrl, documentName, { cookie: this.cookie })
    this.#client = client
    // 'update' fires right after a received update is applied, in the same turn as its frame.
    client.doc.on('update', () => this.#check(performance.now()))
    client.provider.on('close', () => {
      for (const watch of this.#watches) {
        clearTimeout(watch.timer)
        watch.resolve(Number.NaN)
      }
      this.#watches.clear()
    })
  }

  /**
   * The performance.now() time at which `condition` first held on this phone's document (now, if
   * it already holds). Rejects after `timeoutMs`, or if the socket closes.
   */
  when(condition: (doc: Y.Doc) => boolean, label: string, timeoutMs: number): Promise<number> {
    if (condition(this.doc)) return Promise.resolve(performance.now())
    return new Promise<number>((resolve, reject) => {
      const watch: Watch = {
        condition,
        resolve: (at) => {
          if (Number.isNaN(at)) reject(new Error(`${this.name}: socket closed waiting for ${label}`))
          else resolve(at)
        },
        timer: setTimeout(() => {
          this.#watches.delete(watch)
          reject(new Error(`${this.name}: no ${label} after ${timeoutMs} ms`))
        }, timeoutMs),
      }
      this.#watches.add(watch)
    })
  }

  destroy(): void {
    for (const watch of this.#watches) clearTimeout(watch.timer)
    this.#watches.clear()
    this.#client?.destroy()
  }

  #check(now: number): void {
    for (const watch of this.#watches) {
      if (!watch.condition(this.doc)) continue
      clearTimeout(watch.timer)
      this.#watches.delete(watch)
      watch.resolve(now)
    }
  }
}

/** Every participant's time for `condition`, in their order. */
export function everyone(
  participants: readonly Participant[],
  condition: (doc: Y.Doc) => boolean,
  label: string,
  timeoutMs: number,
): Promise<number[]> {
  return Promise.all(participants.map((p) => p.when(condition, label, timeoutMs)))
}
