/**
 * A séance as one tab sees it, whatever the tab is (a participant's phone, the projector, the
 * facilitator's console): who I am there (`/moi`), the live state the server writes into the
 * séance's document, the timer in server time, and the calls that change things — all through the
 * API, since no client writes the séance's document. After a Wi-Fi drop, `/moi` is asked again
 * when the document syncs, which gives back my pending rating and my votes.
 */
import * as v from 'valibot'
import * as Y from 'yjs'
import { SeanceMeSchema, type SeanceCommand, type SeanceMe } from '@rouages/shared/api/seances'
import {
  currentRound,
  readLive,
  timerRemaining,
  type IdeaColumn,
  type LiveRound,
  type LiveState,
} from '@rouages/shared/seance/live'
import { ApiFailure, api, apiPath, failureMessage } from '#lib/api.ts'
import { collab, type CollabDocument } from '#lib/collab/connection.svelte.ts'

/** Before the document arrives: the same defaults `readLive` gives an empty document. */
const EMPTY: LiveState = readLive(new Y.Doc())

export class SeanceRoom {
  readonly seanceId: string
  /** Who I am here; undefined until the first answer. */
  me = $state.raw<SeanceMe | undefined>()
  /** The live state, as the server last wrote it. */
  live = $state.raw<LiveState>(EMPTY)
  /** Why the séance cannot be shown (not found, ended for a guest, offline at first load). */
  failure = $state<string | undefined>()
  /** The HTTP status behind `failure`, when the server answered (401 signed out, 404 not a member). */
  failureStatus = $state<number | undefined>()
  /** My level in the open round (kept here at once, confirmed by the server). */
  myRating = $state<{ roundId: string; levelId: string } | null>(null)
  /** My votes per idea board step. */
  myVotes = $state<Record<string, string[]>>({})
  /** Ticks every quarter second while a timer runs, for the countdown. */
  #now = $state(Date.now())
  /** The server's clock minus this device's: phones' clocks drift. */
  #clockOffset = 0
  /** Reactive, so a view showing its sync state updates once it is opened. */
  #document = $state.raw<CollabDocument | undefined>()
  #ticker: ReturnType<typeof setInterval> | undefined
  /** A guest the server no longer lets in: the séance has ended (see `start`). */
  #shutOut = $state(false)
  #stopWatching: (() => void) | undefined

  constructor(seanceId: string) {
    this.seanceId = seanceId
  }

  /** Loads who I am, then opens the séance's document. */
  async start(): Promise<void> {
    try {
      await this.refreshMe()
    } catch (error) {
      this.failure = failureMessage(error)
      if (error instanceof ApiFailure) this.failureStatus = error.status
      return
    }
    const me = this.me
    if (!me) return
    const document = collab.open(me.seance.documentName)
    this.#document = document
    const update = () => {
      this.live = readLive(document.doc)
    }
    document.doc.on('update', update)
    update()
    // Synced again after a drop: what only I may see comes back from the server.
    let wasSynced = document.synced
    this.#stopWatching = $effect.root(() => {
      $effect(() => {
        const synced = document.synced
        if (synced && !wasSynced) void this.refreshMe().catch(() => undefined)
        wasSynced = synced
      })
      // Refused by the server (a guest is closed out when the séance ends, maybe before its last
      // update arrives): ask who I am again; a guest no longer let in means the séance is over.
      $effect(() => {
        if (document.failure === undefined) return
        void this.refreshMe().catch((error: unknown) => {
          if (error instanceof ApiFailure && error.status === 404 && this.me?.participant.guest)
            this.#shutOut = true
        })
      })
    })
    const detach = () => document.doc.off('update', update)
    const stop = this.#stopWatching
    this.#stopWatching = () => {
      stop()
      detach()
    }
    this.#ticker = setInterval(() => {
      if (this.live.timer.state === 'running') this.#now = Date.now()
    }, 250)
  }

  destroy(): void {
    clearInterval(this.#ticker)
    this.#stopWatching?.()
    this.#document?.release()
    this.#document = undefined
  }

  async refreshMe(): Promise<void> {
    const me = await api.get(apiPath`/api/seances/${this.seanceId}/moi`, SeanceMeSchema)
    this.#clockOffset = me.serverTime - Date.now()
    this.me = me
    this.myRating = me.rating
    this.myVotes = me.votes
  }

  /** The séance's document, for its sync state and read-only flag. */
  get document(): CollabDocument | undefined {
    return this.#document
  }

  get doc(): Y.Doc | undefined {
    return this.#document?.doc
  }

  get ended(): boolean {
    if (this.#shutOut) return true
    return (this.live.info?.status ?? this.me?.seance.status) === 'terminee'
  }

  get step() {
    return this.live.agenda[this.live.stepIndex]
  }

  get round(): LiveRound | undefined {
    return currentRound(this.live)
  }

  get stepLocked(): boolean {
    return this.live.lockedSteps.includes(this.live.stepIndex)
  }

  get isFacilitator(): boolean {
    const key = this.me?.participant.key
    return key !== undefined && this.live.facilitators.some((f) => f.key === key)
  }

  /** Milliseconds left on the timer, in server time. */
  get timerRemainingMs(): number {
    return timerRemaining(this.live.timer, this.#now + this.#clockOffset)
  }

  command(command: SeanceCommand): Promise<void> {
    return api.post(apiPath`/api/seances/${this.seanceId}/commandes`, command)
  }

  /** My silent rating in the open round; null withdraws it. */
  async rate(levelId: string | null): Promise<void> {
    const round = this.round
    if (!round || round.phase !== 'open') return
    const previous = this.myRating
    this.myRating = levelId === null ? null : { roundId: round.id, levelId }
    try {
      await api.put(apiPath`/api/seances/${this.seanceId}/positionnement`, { roundId: round.id, levelId })
    } catch (error) {
      this.myRating = previous
      throw error
    }
  }

  async addIdea(column: IdeaColumn, text: string): Promise<void> {
    await api.post(apiPath`/api/seances/${this.seanceId}/idees`, { column, text }, { schema: IdeaCreated })
  }

  removeIdea(ideaId: string): Promise<void> {
    return api.delete(apiPath`/api/seances/${this.seanceId}/idees/${ideaId}`)
  }

  /** All my votes on a board at once (an idea may appear several times). */
  async vote(stepIndex: number, ideaIds: string[]): Promise<void> {
    const previous = this.myVotes
    this.myVotes = { ...previous, [String(stepIndex)]: ideaIds }
    try {
      await api.put(apiPath`/api/seances/${this.seanceId}/votes`, { stepIndex, ideaIds })
    } catch (error) {
      this.myVotes = previous
      throw error
    }
  }

  /** Who chose which level in a revealed round that was not anonymous (facilitators only). */
  ratingsOf(roundId: string): Promise<Array<{ name: string; levelId: string }>> {
    return api.get(apiPath`/api/seances/${this.seanceId}/positionnements/${roundId}`, NamedRatings)
  }
}

const IdeaCreated = v.object({ id: v.string() })
const NamedRatings = v.array(v.object({ name: v.string(), levelId: v.string() }))
