import type * as Y from 'yjs'
import type { Level } from '../frameworks/types.ts'

/**
 * The live state of a séance, as its shared document holds it. Only the server writes this
 * document (every client connection is read-only): facilitators' commands and participants'
 * ratings, notes and votes go through the HTTP API, and the server writes here only what everyone
 * may see — counts while a rating is silent, the distribution once revealed, notes without an
 * author when they are anonymous. Values are plain JSON replaced whole: one writer, no merging.
 */

export const IDEA_COLUMNS = ['forces', 'vigilance', 'propositions'] as const
export type IdeaColumn = (typeof IDEA_COLUMNS)[number]
export const IDEA_COLUMN_LABELS_FR: Record<IdeaColumn, string> = {
  forces: 'Points forts',
  vigilance: 'Points de vigilance',
  propositions: 'Propositions d’action',
}

export type LiveLevel = Pick<Level, 'id' | 'label' | 'color' | 'pattern'>

/** What a criterion step shows, copied from the year's workspace when the step is reached. */
export interface LiveCriterion {
  frameworkId: string
  criterionId: string
  label: string
  descriptors: Array<{ id: string; text: string; level: string | null }>
  scale: LiveLevel[]
}

export interface LiveStep {
  kind: 'criterion' | 'ideas' | 'plan'
  title: string
  criterion: LiveCriterion | null
}

export interface LiveInfo {
  seanceId: string
  etablissementId: string
  schoolYear: string
  title: string
  code: string
  guestsAllowed: boolean
  status: 'ouverte' | 'terminee'
}

/**
 * The timer, in server time: running → `endsAt` (epoch ms); paused → `remainingMs`. Clients
 * correct `endsAt` by their clock's offset from the server's (`serverTime` of the API).
 */
export interface LiveTimer {
  state: 'idle' | 'running' | 'paused'
  durationMs: number
  endsAt: number | null
  remainingMs: number
}

export const IDLE_TIMER: LiveTimer = { state: 'idle', durationMs: 0, endsAt: null, remainingMs: 0 }

export interface LivePerson {
  /** `u:<userId>` for staff, `g:<guestId>` for guests. */
  key: string
  name: string
  guest: boolean
}

/** A silent rating of one descriptor: nobody's level is here, only how many have rated. */
export interface LiveRound {
  id: string
  stepIndex: number
  frameworkId: string
  descriptorId: string
  descriptorText: string
  phase: 'open' | 'revealed' | 'recorded' | 'cancelled'
  /** Anonymous to the facilitators too: who rated what is never kept after the reveal. */
  anonymous: boolean
  ratedCount: number
  /** Level id → count, once revealed. */
  distribution: Record<string, number> | null
  consensus: { levelId: string; dissent: string; spread: number } | null
  openedAt: string
}

export interface LiveIdea {
  id: string
  stepIndex: number
  column: IdeaColumn
  text: string
  /** The author's name; null when written anonymously (then the author is not stored anywhere). */
  author: string | null
  /** The participant key of a named author (to let them remove it); null when anonymous. */
  authorKey: string | null
  /** The note this one is grouped under; null for a note on its own or leading a group. */
  groupId: string | null
  createdAt: string
  /** The action made from this note, in the year's plan. */
  actionId: string | null
}

/** Dot voting on an idea board step: the totals are written only when voting ends. */
export interface LiveVoting {
  phase: 'open' | 'ended'
  perPerson: number
  voterCount: number
  /** Idea id → votes (a group's total is on its leading note), once ended. */
  totals: Record<string, number> | null
}

export interface LiveState {
  info: LiveInfo | null
  agenda: LiveStep[]
  stepIndex: number
  /** "Bring everyone here": bumped by the facilitator; clients return to the step and focus. */
  summon: { count: number; descriptorId: string | null }
  timer: LiveTimer
  lockedSteps: number[]
  facilitators: LivePerson[]
  present: LivePerson[]
  ideasAnonymous: boolean
  rounds: LiveRound[]
  ideas: LiveIdea[]
  votings: Record<number, LiveVoting>
}

/** The document's top-level types (names used by the server's writer and by readers). */
export const liveMap = (doc: Y.Doc) => doc.getMap<unknown>('live')
export const roundsMap = (doc: Y.Doc) => doc.getMap<LiveRound>('rounds')
export const ideasMap = (doc: Y.Doc) => doc.getMap<LiveIdea>('ideas')
export const votingsMap = (doc: Y.Doc) => doc.getMap<LiveVoting>('votings')

/** A plain reading of the whole live state, for views and tests. */
export function readLive(doc: Y.Doc): LiveState {
  const live = liveMap(doc)
  const get = <T>(key: string, fallback: T): T => (live.get(key) as T | undefined) ?? fallback
  return {
    info: get<LiveInfo | null>('info', null),
    agenda: get<LiveStep[]>('agenda', []),
    stepIndex: get('stepIndex', 0),
    summon: get('summon', { count: 0, descriptorId: null }),
    timer: get('timer', IDLE_TIMER),
    lockedSteps: get<number[]>('lockedSteps', []),
    facilitators: get<LivePerson[]>('facilitators', []),
    present: get<LivePerson[]>('present', []),
    ideasAnonymous: get('ideasAnonymous', false),
    rounds: [...roundsMap(doc).values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt)),
    ideas: [...ideasMap(doc).values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    ),
    votings: Object.fromEntries(
      [...votingsMap(doc).entries()].map(([step, voting]) => [Number(step), voting]),
    ),
  }
}

/** The step's current rating round: the latest not cancelled, if any. */
export function currentRound(state: LiveState, stepIndex = state.stepIndex): LiveRound | undefined {
  return state.rounds.filter((round) => round.stepIndex === stepIndex && round.phase !== 'cancelled').at(-1)
}

/** Milliseconds left on the timer at `now` (server time). */
export function timerRemaining(timer: LiveTimer, now: number): number {
  if (timer.state === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now)
  return timer.state === 'paused' ? timer.remainingMs : 0
}

/**
 * How far apart the ratings are, in steps of the scale: 0 when everyone agrees, the scale's width
 * minus one when the room covers it all.
 */
export function ratingSpread(distribution: Record<string, number>, scale: Array<{ id: string }>): number {
  const rated = scale
    .map((level, index) => ((distribution[level.id] ?? 0) > 0 ? index : -1))
    .filter((i) => i >= 0)
  return rated.length === 0 ? 0 : Math.max(...rated) - Math.min(...rated)
}
