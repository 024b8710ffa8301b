import type { Kysely } from 'kysely'
import type * as Y from 'yjs'
import type { SeanceCommand, SeanceMe, SeanceStep } from '@rouages/shared/api/seances'
import { seanceDocumentName, workspaceDocumentName } from '@rouages/shared/document-names'
import { can } from '@rouages/shared/roles'
import { liveCriterionOf, parseStepTarget } from '@rouages/shared/seance/from-workspace'
import {
  IDLE_TIMER,
  ideasMap,
  liveMap,
  readLive,
  ratingSpread,
  roundsMap,
  votingsMap,
  type IdeaColumn,
  type LiveIdea,
  type LivePerson,
  type LiveRound,
  type LiveState,
  type LiveStep,
  type LiveTimer,
} from '@rouages/shared/seance/live'
import { actionText, createAction, linkKey } from '@rouages/shared/workspace/actions'
import { actionAttributionKey, entryAttributionKey } from '@rouages/shared/workspace/attribution'
import { setLevel } from '@rouages/shared/workspace/grid'
import { newId } from '@rouages/shared/workspace/ids'
import type { Attribution } from '@rouages/shared/workspace/schema'
import type { SessionUser } from '../auth/sessions.ts'
import { generateId } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'
import type { Etablissements } from './etablissements.ts'
import type { SeanceAccess, SeanceParticipant, SeanceRow } from './seance-access.ts'
import type { LiveDocs } from './seance-live-docs.ts'

const conflict = (message: string) => apiError(409, 'conflict', message)
const locked = () => apiError(409, 'conflict', 'L’animateur a verrouillé cette étape.')

export interface SeanceRoomDeps {
  db: Kysely<Database>
  audit: AuditTrail
  etablissements: Etablissements
  access: SeanceAccess
  live: LiveDocs
  now: () => Date
}

/**
 * The room of an open séance: the facilitators' commands and the participants' ratings, notes and
 * votes. Every change is checked here and written by the server into the séance's document, which
 * no client can write: a rating stays in the database until the reveal (the document only counts
 * them), an anonymous note is written without its author, and votes are totalled only when voting
 * ends. A séance's changes run one at a time (`LiveDocs.serial`).
 */
export class SeanceRoom {
  readonly #d: SeanceRoomDeps

  constructor(deps: SeanceRoomDeps) {
    this.#d = deps
  }

  /** Writes a new séance's live document: its agenda with each step's content, step 1, its facilitator. */
  async initialise(seance: SeanceRow, creator: SessionUser): Promise<void> {
    const { db, live, now } = this.#d
    await db
      .insertInto('seance_facilitator')
      .values({ seance_id: seance.id, user_id: creator.id, added_at: now().toISOString() })
      .execute()
    const steps = JSON.parse(seance.steps) as SeanceStep[]
    const agenda = await live.read(workspaceOf(seance), (workspace) =>
      steps.map((step) => liveStep(workspace, step)),
    )
    const missing = steps.findIndex((step, index) => step.kind === 'criterion' && !agenda[index]?.criterion)
    if (missing >= 0)
      throw apiError(400, 'validation', `L’étape ${missing + 1} vise un critère que l’année ne suit pas.`)
    await live.write(seanceDocumentName(seance.etablissement_id, seance.id), (doc) => {
      const map = liveMap(doc)
      map.set('info', {
        seanceId: seance.id,
        etablissementId: seance.etablissement_id,
        schoolYear: seance.school_year,
        title: seance.title,
        code: seance.code,
        guestsAllowed: seance.guests_allowed === 1,
        status: 'ouverte',
      })
      map.set('agenda', agenda)
      map.set('stepIndex', 0)
      map.set('summon', { count: 0, descriptorId: null })
      map.set('timer', IDLE_TIMER)
      map.set('lockedSteps', [])
      map.set('facilitators', [person(creator)])
      map.set('present', [])
      map.set('ideasAnonymous', false)
    })
    await this.#event(seance.id, 'step', { index: 0, title: agenda[0]?.title ?? '' })
  }

  /** Who I am here, my pending rating and my votes: what a reconnecting phone needs back. */
  async me(seance: SeanceRow, participant: SeanceParticipant): Promise<SeanceMe> {
    const { db } = this.#d
    const rating = await db
      .selectFrom('seance_rating')
      .innerJoin('seance_round', 'seance_round.id', 'seance_rating.round_id')
      .select(['seance_round.id', 'seance_rating.level_id'])
      .where('seance_round.seance_id', '=', seance.id)
      .where('seance_round.status', '=', 'open')
      .where('seance_rating.participant_key', '=', participant.key)
      .executeTakeFirst()
    const votes = await db
      .selectFrom('seance_vote')
      .select(['step_index', 'idea_ids'])
      .where('seance_id', '=', seance.id)
      .where('participant_key', '=', participant.key)
      .execute()
    return {
      seance: {
        id: seance.id,
        etablissementId: seance.etablissement_id,
        schoolYear: seance.school_year,
        title: seance.title,
        code: seance.code,
        status: seance.status as 'ouverte' | 'terminee',
        documentName: seanceDocumentName(seance.etablissement_id, seance.id),
      },
      participant: {
        key: participant.key,
        name: participant.name,
        guest: participant.guest,
        facilitator: participant.facilitator,
      },
      rating: rating ? { roundId: rating.id, levelId: rating.level_id } : null,
      votes: Object.fromEntries(
        votes.map((row) => [String(row.step_index), JSON.parse(row.idea_ids) as string[]]),
      ),
      serverTime: this.#d.now().getTime(),
    }
  }

  /** A facilitator's command; anyone else is refused, whatever they send. */
  async command(seance: SeanceRow, participant: SeanceParticipant, command: SeanceCommand): Promise<void> {
    if (!participant.facilitator || !participant.userId)
      throw apiError(403, 'forbidden', 'Seuls les animateurs de la séance peuvent faire cela.')
    requireOpen(seance)
    const actor = { id: participant.userId, name: participant.name }
    await this.#d.live.serial(seance.id, () => this.#apply(seance, actor, command))
  }

  /** A participant's silent rating (null withdraws it); only the count reaches the document. */
  async rate(
    seance: SeanceRow,
    participant: SeanceParticipant,
    input: { roundId: string; levelId: string | null },
  ): Promise<void> {
    requireOpen(seance)
    const { db, now } = this.#d
    await this.#d.live.serial(seance.id, async () => {
      const state = await this.#state(seance)
      const round = state.rounds.find((r) => r.id === input.roundId)
      if (!round || round.phase !== 'open')
        throw conflict('Ce positionnement est clos : le résultat a été révélé.')
      if (state.lockedSteps.includes(round.stepIndex)) throw locked()
      const scale = state.agenda[round.stepIndex]?.criterion?.scale ?? []
      if (input.levelId !== null && !scale.some((level) => level.id === input.levelId))
        throw apiError(400, 'validation', 'Ce niveau n’est pas sur l’échelle du référentiel.')
      await db
        .deleteFrom('seance_rating')
        .where('round_id', '=', round.id)
        .where('participant_key', '=', participant.key)
        .execute()
      if (input.levelId !== null)
        await db
          .insertInto('seance_rating')
          .values({
            round_id: round.id,
            participant_key: participant.key,
            level_id: input.levelId,
            rated_at: now().toISOString(),
          })
          .execute()
      const ratedCount = await this.#ratingCount(round.id)
      await this.#writeRound(seance, { ...round, ratedCount })
    })
  }

  /** A note on the current idea board step; anonymous when the facilitator said so. */
  async addIdea(
    seance: SeanceRow,
    participant: SeanceParticipant,
    input: { column: IdeaColumn; text: string },
  ): Promise<{ id: string }> {
    requireOpen(seance)
    return this.#d.live.serial(seance.id, async () => {
      const state = await this.#state(seance)
      const stepIndex = state.stepIndex
      if (state.agenda[stepIndex]?.kind !== 'ideas')
        throw conflict('L’étape en cours n’est pas un tableau d’idées.')
      if (state.lockedSteps.includes(stepIndex)) throw locked()
      if (state.votings[stepIndex]?.phase === 'ended') throw conflict('Le vote est terminé sur ce tableau.')
      const anonymous = state.ideasAnonymous
      const idea: LiveIdea = {
        id: newId(),
        stepIndex,
        column: input.column,
        text: input.text,
        author: anonymous ? null : participant.name,
        authorKey: anonymous ? null : participant.key,
        groupId: null,
        createdAt: this.#d.now().toISOString(),
        actionId: null,
      }
      await this.#writeSeance(seance, (doc) => ideasMap(doc).set(idea.id, idea))
      return { id: idea.id }
    })
  }

  /** Removes a note: its named author, or a facilitator. */
  async removeIdea(seance: SeanceRow, participant: SeanceParticipant, ideaId: string): Promise<void> {
    requireOpen(seance)
    await this.#d.live.serial(seance.id, async () => {
      const state = await this.#state(seance)
      const idea = state.ideas.find((i) => i.id === ideaId)
      if (!idea) throw apiError(404, 'not-found', 'Cette note n’existe plus.')
      if (!participant.facilitator && idea.authorKey !== participant.key)
        throw apiError(403, 'forbidden', 'Seuls son auteur et les animateurs peuvent retirer une note.')
      await this.#removeIdea(seance, state, idea)
    })
  }

  /** My dot votes on a board whose voting is open: all of them at once, at most the allowed number. */
  async vote(
    seance: SeanceRow,
    participant: SeanceParticipant,
    input: { stepIndex: number; ideaIds: string[] },
  ): Promise<void> {
    requireOpen(seance)
    const { db } = this.#d
    await this.#d.live.serial(seance.id, async () => {
      const state = await this.#state(seance)
      const voting = state.votings[input.stepIndex]
      if (voting?.phase !== 'open') throw conflict('Le vote n’est pas ouvert sur ce tableau.')
      if (state.lockedSteps.includes(input.stepIndex)) throw locked()
      if (input.ideaIds.length > voting.perPerson)
        throw apiError(400, 'validation', `Vous disposez de ${voting.perPerson} vote(s) sur ce tableau.`)
      const onBoard = new Set(state.ideas.filter((i) => i.stepIndex === input.stepIndex).map((i) => i.id))
      if (input.ideaIds.some((id) => !onBoard.has(id)))
        throw apiError(400, 'validation', 'Une des notes choisies n’est pas sur ce tableau.')
      await db
        .deleteFrom('seance_vote')
        .where('seance_id', '=', seance.id)
        .where('step_index', '=', input.stepIndex)
        .where('participant_key', '=', participant.key)
        .execute()
      if (input.ideaIds.length > 0)
        await db
          .insertInto('seance_vote')
          .values({
            seance_id: seance.id,
            step_index: input.stepIndex,
            participant_key: participant.key,
            idea_ids: JSON.stringify(input.ideaIds),
          })
          .execute()
      const { count } = await db
        .selectFrom('seance_vote')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('seance_id', '=', seance.id)
        .where('step_index', '=', input.stepIndex)
        .executeTakeFirstOrThrow()
      await this.#writeSeance(seance, (doc) =>
        votingsMap(doc).set(String(input.stepIndex), { ...voting, voterCount: Number(count) }),
      )
    })
  }

  /**
   * Who rated what in a revealed round that was not anonymous (facilitators only). Anonymous
   * rounds have nothing to show: their ratings were deleted at the reveal.
   */
  async ratingsOf(
    seance: SeanceRow,
    participant: SeanceParticipant,
    roundId: string,
  ): Promise<Array<{ name: string; levelId: string }>> {
    if (!participant.facilitator) throw apiError(403, 'forbidden', 'Réservé aux animateurs de la séance.')
    const state = await this.#state(seance)
    const round = state.rounds.find((r) => r.id === roundId)
    if (!round || round.phase === 'open' || round.phase === 'cancelled')
      throw apiError(404, 'not-found', 'Aucun résultat révélé pour ce positionnement.')
    const rows = await this.#d.db
      .selectFrom('seance_rating')
      .innerJoin('seance_participant', (join) =>
        join
          .onRef('seance_participant.participant_key', '=', 'seance_rating.participant_key')
          .on('seance_participant.seance_id', '=', seance.id),
      )
      .select(['seance_participant.display_name', 'seance_rating.level_id'])
      .where('seance_rating.round_id', '=', roundId)
      .orderBy('seance_participant.display_name')
      .execute()
    return rows.map((row) => ({ name: row.display_name, levelId: row.level_id }))
  }

  /** Closes what was running when the séance ends: the timer, an open rating, an open vote. */
  async closeForEnd(seance: SeanceRow): Promise<void> {
    await this.#d.live.serial(seance.id, async () => {
      const state = await this.#state(seance)
      const open = state.rounds.find((round) => round.phase === 'open')
      if (open) await this.#cancelRound(seance, open)
      for (const [step, voting] of Object.entries(state.votings))
        if (voting.phase === 'open') await this.#closeVoting(seance, state, Number(step))
      await this.#writeSeance(seance, (doc) => {
        const map = liveMap(doc)
        map.set('timer', IDLE_TIMER)
        map.set('info', { ...(map.get('info') as object), status: 'terminee' })
      })
    })
  }

  /** The live state as the document holds it now. */
  state(seance: SeanceRow): Promise<LiveState> {
    return this.#state(seance)
  }

  async #apply(
    seance: SeanceRow,
    actor: { id: string; name: string },
    command: SeanceCommand,
  ): Promise<void> {
    const state = await this.#state(seance)
    const now = this.#d.now()
    switch (command.type) {
      case 'etape': {
        const step = state.agenda[command.index]
        if (!step) throw apiError(400, 'validation', 'Cette étape n’est pas à l’ordre du jour.')
        const fresh = await this.#refreshStep(seance, command.index)
        await this.#writeSeance(seance, (doc) => {
          const map = liveMap(doc)
          map.set(
            'agenda',
            state.agenda.map((s, i) => (i === command.index ? fresh : s)),
          )
          map.set('stepIndex', command.index)
          map.set('summon', { count: state.summon.count + 1, descriptorId: null })
        })
        await this.#event(seance.id, 'step', { index: command.index, title: step.title })
        return
      }
      case 'rassembler':
        return this.#set(seance, 'summon', {
          count: state.summon.count + 1,
          descriptorId: command.descriptorId ?? null,
        })
      case 'minuteur-demarrer':
        return this.#set(seance, 'timer', {
          state: 'running',
          durationMs: command.seconds * 1000,
          endsAt: now.getTime() + command.seconds * 1000,
          remainingMs: 0,
        } satisfies LiveTimer)
      case 'minuteur-pause': {
        if (state.timer.state !== 'running') throw conflict('Le minuteur ne tourne pas.')
        const remainingMs = Math.max(0, (state.timer.endsAt ?? 0) - now.getTime())
        return this.#set(seance, 'timer', { ...state.timer, state: 'paused', endsAt: null, remainingMs })
      }
      case 'minuteur-reprendre': {
        if (state.timer.state !== 'paused') throw conflict('Le minuteur n’est pas en pause.')
        const endsAt = now.getTime() + state.timer.remainingMs
        return this.#set(seance, 'timer', { ...state.timer, state: 'running', endsAt, remainingMs: 0 })
      }
      case 'minuteur-ajouter': {
        const added = command.seconds * 1000
        const timer = state.timer
        if (timer.state === 'idle')
          return this.#set(seance, 'timer', {
            state: 'running',
            durationMs: added,
            endsAt: now.getTime() + added,
            remainingMs: 0,
          })
        return this.#set(seance, 'timer', {
          ...timer,
          durationMs: timer.durationMs + added,
          endsAt: timer.state === 'running' ? Math.max(timer.endsAt ?? 0, now.getTime()) + added : null,
          remainingMs: timer.state === 'paused' ? timer.remainingMs + added : 0,
        })
      }
      case 'minuteur-arreter':
        return this.#set(seance, 'timer', IDLE_TIMER)
      case 'verrou': {
        if (!state.agenda[command.index])
          throw apiError(400, 'validation', 'Cette étape n’est pas à l’ordre du jour.')
        const others = state.lockedSteps.filter((index) => index !== command.index)
        return this.#set(seance, 'lockedSteps', command.locked ? [...others, command.index].sort() : others)
      }
      case 'positionnement-ouvrir':
        return this.#openRound(seance, state, command.descriptorId, command.anonymous)
      case 'positionnement-reveler':
        return this.#reveal(seance, state)
      case 'positionnement-annuler': {
        const open = state.rounds.find((round) => round.phase === 'open')
        if (!open) throw conflict('Aucun positionnement n’est en cours.')
        return this.#cancelRound(seance, open)
      }
      case 'positionnement-consensus':
        return this.#recordConsensus(seance, state, actor, command.levelId, command.dissent)
      case 'idees-anonymes':
        return this.#set(seance, 'ideasAnonymous', command.anonymous)
      case 'vote-ouvrir': {
        const stepIndex = state.stepIndex
        if (state.agenda[stepIndex]?.kind !== 'ideas')
          throw conflict('L’étape en cours n’est pas un tableau d’idées.')
        if (state.votings[stepIndex]?.phase === 'open') throw conflict('Le vote est déjà ouvert.')
        await this.#d.db
          .deleteFrom('seance_vote')
          .where('seance_id', '=', seance.id)
          .where('step_index', '=', stepIndex)
          .execute()
        await this.#writeSeance(seance, (doc) =>
          votingsMap(doc).set(String(stepIndex), {
            phase: 'open',
            perPerson: command.perPerson,
            voterCount: 0,
            totals: null,
          }),
        )
        await this.#event(seance.id, 'voting-opened', { stepIndex, perPerson: command.perPerson })
        return
      }
      case 'vote-clore': {
        const open = Object.entries(state.votings).find(([, voting]) => voting.phase === 'open')
        if (!open) throw conflict('Aucun vote n’est ouvert.')
        return this.#closeVoting(seance, state, Number(open[0]))
      }
      case 'idee-grouper':
        return this.#group(seance, state, command.ideaId, command.groupWith)
      case 'idee-supprimer': {
        const idea = state.ideas.find((i) => i.id === command.ideaId)
        if (!idea) throw apiError(404, 'not-found', 'Cette note n’existe plus.')
        return this.#removeIdea(seance, state, idea)
      }
      case 'idee-action':
        return this.#ideaToAction(seance, state, actor, command.ideaId)
      case 'animateur-ajouter':
        return this.#addFacilitator(seance, command.userId)
      case 'animateur-passer-la-main': {
        if (command.userId === actor.id) throw apiError(400, 'validation', 'Choisissez une autre personne.')
        await this.#addFacilitator(seance, command.userId)
        await this.#d.db
          .deleteFrom('seance_facilitator')
          .where('seance_id', '=', seance.id)
          .where('user_id', '=', actor.id)
          .execute()
        return this.#writeFacilitators(seance)
      }
    }
  }

  async #openRound(
    seance: SeanceRow,
    state: LiveState,
    descriptorId: string,
    anonymous: boolean,
  ): Promise<void> {
    const stepIndex = state.stepIndex
    if (state.rounds.some((round) => round.phase === 'open'))
      throw conflict('Un positionnement est déjà en cours : révélez-le ou annulez-le d’abord.')
    const step = await this.#refreshStep(seance, stepIndex)
    const descriptor = step.criterion?.descriptors.find((d) => d.id === descriptorId)
    if (!step.criterion || !descriptor)
      throw apiError(400, 'validation', 'Ce descripteur n’appartient pas au critère de l’étape en cours.')
    const round: LiveRound = {
      id: generateId(),
      stepIndex,
      frameworkId: step.criterion.frameworkId,
      descriptorId,
      descriptorText: descriptor.text,
      phase: 'open',
      anonymous,
      ratedCount: 0,
      distribution: null,
      consensus: null,
      openedAt: this.#d.now().toISOString(),
    }
    await this.#d.db
      .insertInto('seance_round')
      .values({
        id: round.id,
        seance_id: seance.id,
        step_index: stepIndex,
        framework_id: round.frameworkId,
        descriptor_id: descriptorId,
        anonymous: anonymous ? 1 : 0,
        status: 'open',
        opened_at: round.openedAt,
      })
      .execute()
    await this.#writeSeance(seance, (doc) => {
      liveMap(doc).set(
        'agenda',
        state.agenda.map((s, i) => (i === stepIndex ? step : s)),
      )
      roundsMap(doc).set(round.id, round)
    })
  }

  async #reveal(seance: SeanceRow, state: LiveState): Promise<void> {
    const round = state.rounds.find((r) => r.phase === 'open')
    if (!round) throw conflict('Aucun positionnement n’est en cours.')
    const { db } = this.#d
    const rows = await db
      .selectFrom('seance_rating')
      .select('level_id')
      .where('round_id', '=', round.id)
      .execute()
    const distribution: Record<string, number> = {}
    for (const { level_id } of rows) distribution[level_id] = (distribution[level_id] ?? 0) + 1
    await db.updateTable('seance_round').set({ status: 'revealed' }).where('id', '=', round.id).execute()
    // Anonymous to the facilitators too: once counted, who rated what is not kept.
    if (round.anonymous) await db.deleteFrom('seance_rating').where('round_id', '=', round.id).execute()
    await this.#writeRound(seance, { ...round, phase: 'revealed', ratedCount: rows.length, distribution })
    await this.#event(seance.id, 'revealed', { roundId: round.id, distribution })
  }

  async #cancelRound(seance: SeanceRow, round: LiveRound): Promise<void> {
    const { db } = this.#d
    await db.deleteFrom('seance_rating').where('round_id', '=', round.id).execute()
    await db.updateTable('seance_round').set({ status: 'cancelled' }).where('id', '=', round.id).execute()
    await this.#writeRound(seance, { ...round, phase: 'cancelled', ratedCount: 0 })
  }

  /** The group's level goes into the year's grid, signed by the facilitator who recorded it. */
  async #recordConsensus(
    seance: SeanceRow,
    state: LiveState,
    actor: { id: string; name: string },
    levelId: string,
    dissent: string,
  ): Promise<void> {
    const round = state.rounds.filter((r) => r.phase === 'revealed' || r.phase === 'recorded').at(-1)
    if (!round?.distribution) throw conflict('Révélez d’abord le résultat du positionnement.')
    const scale = state.agenda[round.stepIndex]?.criterion?.scale ?? []
    if (!scale.some((level) => level.id === levelId))
      throw apiError(400, 'validation', 'Ce niveau n’est pas sur l’échelle du référentiel.')
    await this.#d.live.write(workspaceOf(seance), (doc) => {
      setLevel(doc, round.frameworkId, round.descriptorId, levelId)
      stamp(doc, entryAttributionKey(round.frameworkId, round.descriptorId, 'level'), actor, this.#d.now())
    })
    const spread = ratingSpread(round.distribution, scale)
    await this.#d.db
      .updateTable('seance_round')
      .set({ status: 'recorded' })
      .where('id', '=', round.id)
      .execute()
    const step = await this.#refreshStep(seance, round.stepIndex)
    await this.#writeSeance(seance, (doc) => {
      roundsMap(doc).set(round.id, { ...round, phase: 'recorded', consensus: { levelId, dissent, spread } })
      liveMap(doc).set(
        'agenda',
        state.agenda.map((s, i) => (i === round.stepIndex ? step : s)),
      )
    })
    await this.#event(seance.id, 'consensus', { roundId: round.id, levelId, by: actor.name })
  }

  async #closeVoting(seance: SeanceRow, state: LiveState, stepIndex: number): Promise<void> {
    const voting = state.votings[stepIndex]
    if (!voting) return
    const rows = await this.#d.db
      .selectFrom('seance_vote')
      .select('idea_ids')
      .where('seance_id', '=', seance.id)
      .where('step_index', '=', stepIndex)
      .execute()
    const leadOf = new Map(state.ideas.map((idea) => [idea.id, idea.groupId ?? idea.id]))
    const totals: Record<string, number> = {}
    for (const row of rows)
      for (const id of JSON.parse(row.idea_ids) as string[]) {
        const lead = leadOf.get(id)
        if (lead) totals[lead] = (totals[lead] ?? 0) + 1
      }
    await this.#writeSeance(seance, (doc) =>
      votingsMap(doc).set(String(stepIndex), { ...voting, phase: 'ended', voterCount: rows.length, totals }),
    )
    await this.#event(seance.id, 'voting-ended', { stepIndex, totals, voters: rows.length })
  }

  async #group(seance: SeanceRow, state: LiveState, ideaId: string, groupWith: string | null): Promise<void> {
    const idea = state.ideas.find((i) => i.id === ideaId)
    if (!idea) throw apiError(404, 'not-found', 'Cette note n’existe plus.')
    if (groupWith === null) {
      await this.#writeSeance(seance, (doc) => ideasMap(doc).set(idea.id, { ...idea, groupId: null }))
      return
    }
    const target = state.ideas.find((i) => i.id === groupWith)
    if (!target || target.stepIndex !== idea.stepIndex)
      throw apiError(400, 'validation', 'On ne groupe que des notes du même tableau.')
    const lead = target.groupId ?? target.id
    if (lead === idea.id) return
    // A note that led a group brings its group along.
    await this.#writeSeance(seance, (doc) => {
      for (const other of state.ideas)
        if (other.id === idea.id || other.groupId === idea.id)
          ideasMap(doc).set(other.id, { ...other, groupId: lead })
    })
  }

  async #removeIdea(seance: SeanceRow, state: LiveState, idea: LiveIdea): Promise<void> {
    await this.#writeSeance(seance, (doc) => {
      ideasMap(doc).delete(idea.id)
      for (const member of state.ideas)
        if (member.groupId === idea.id) ideasMap(doc).set(member.id, { ...member, groupId: null })
    })
  }

  /** A note becomes an action of the year's plan, linked to the step's criterion; the note says so. */
  async #ideaToAction(
    seance: SeanceRow,
    state: LiveState,
    actor: { id: string; name: string },
    ideaId: string,
  ): Promise<void> {
    const idea = state.ideas.find((i) => i.id === ideaId)
    if (!idea) throw apiError(404, 'not-found', 'Cette note n’existe plus.')
    if (idea.actionId) throw conflict('Cette note est déjà devenue une action.')
    const steps = JSON.parse(seance.steps) as SeanceStep[]
    const target = parseStepTarget(steps[idea.stepIndex]?.target)
    const title = idea.text.length > 200 ? `${idea.text.slice(0, 199)}…` : idea.text
    const now = this.#d.now()
    const actionId = await this.#d.live.write(workspaceOf(seance), (doc) => {
      const links = target ? [linkKey(target.frameworkId, target.criterionId)] : []
      const id = createAction(doc, { title, links }, now)
      const origin = `Proposée en séance « ${seance.title} » (${idea.author ? `idée de ${idea.author}` : 'idée anonyme'}) : ${idea.text}`
      actionText(doc, id, 'description').insert(0, origin)
      stamp(doc, actionAttributionKey(id, 'record'), actor, now)
      return id
    })
    await this.#writeSeance(seance, (doc) => ideasMap(doc).set(idea.id, { ...idea, actionId }))
    await this.#event(seance.id, 'action', { actionId, title, ideaId })
    await this.#d.audit.record({
      etablissementId: seance.etablissement_id,
      actorId: actor.id,
      action: 'action.created',
      target: workspaceOf(seance),
      at: now,
      details: { actionId, title, seanceId: seance.id },
    })
  }

  async #addFacilitator(seance: SeanceRow, userId: string): Promise<void> {
    const role = await this.#d.etablissements.roleOf(userId, seance.etablissement_id)
    if (!role || !can(role, 'workspace.edit'))
      throw apiError(
        400,
        'validation',
        'Un animateur est un membre de l’établissement qui peut modifier la grille.',
      )
    await this.#d.db
      .insertInto('seance_facilitator')
      .values({ seance_id: seance.id, user_id: userId, added_at: this.#d.now().toISOString() })
      .onConflict((oc) => oc.columns(['seance_id', 'user_id']).doNothing())
      .execute()
    await this.#writeFacilitators(seance)
  }

  async #writeFacilitators(seance: SeanceRow): Promise<void> {
    const facilitators = await this.#d.access.facilitators(seance.id)
    await this.#set(
      seance,
      'facilitators',
      facilitators.map((f) => ({ key: `u:${f.id}`, name: f.name, guest: false })),
    )
  }

  /** A step as participants see it, its criterion read again from the year's workspace. */
  async #refreshStep(seance: SeanceRow, index: number): Promise<LiveStep> {
    const step = (JSON.parse(seance.steps) as SeanceStep[])[index]
    if (!step) throw apiError(400, 'validation', 'Cette étape n’est pas à l’ordre du jour.')
    return this.#d.live.read(workspaceOf(seance), (workspace) => liveStep(workspace, step))
  }

  async #ratingCount(roundId: string): Promise<number> {
    const { count } = await this.#d.db
      .selectFrom('seance_rating')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('round_id', '=', roundId)
      .executeTakeFirstOrThrow()
    return Number(count)
  }

  #state(seance: SeanceRow): Promise<LiveState> {
    return this.#d.live.read(seanceDocumentName(seance.etablissement_id, seance.id), readLive)
  }

  #writeSeance(seance: SeanceRow, change: (doc: Y.Doc) => void): Promise<void> {
    return this.#d.live.write(seanceDocumentName(seance.etablissement_id, seance.id), change)
  }

  #writeRound(seance: SeanceRow, round: LiveRound): Promise<void> {
    return this.#writeSeance(seance, (doc) => roundsMap(doc).set(round.id, round))
  }

  #set(seance: SeanceRow, key: string, value: unknown): Promise<void> {
    return this.#writeSeance(seance, (doc) => liveMap(doc).set(key, value))
  }

  async #event(seanceId: string, kind: string, details: Record<string, unknown>): Promise<void> {
    await this.#d.db
      .insertInto('seance_event')
      .values({
        id: generateId(),
        seance_id: seanceId,
        at: this.#d.now().toISOString(),
        kind,
        details: JSON.stringify(details),
      })
      .execute()
  }
}

function requireOpen(seance: SeanceRow): void {
  if (seance.status !== 'ouverte') throw conflict('Cette séance est terminée.')
}

const workspaceOf = (seance: SeanceRow) => workspaceDocumentName(seance.etablissement_id, seance.school_year)

const person = (user: SessionUser): LivePerson => ({
  key: `u:${user.id}`,
  name: user.displayName,
  guest: false,
})

function liveStep(workspace: Y.Doc, step: SeanceStep): LiveStep {
  return { kind: step.kind, title: step.title, criterion: liveCriterionOf(workspace, step.target) ?? null }
}

/** Server-side writes carry no connection: the attribution is written with them, for the facilitator. */
function stamp(doc: Y.Doc, key: string, actor: { id: string; name: string }, at: Date): void {
  doc.getMap<Attribution>('attributions').set(key, { by: actor.id, name: actor.name, at: at.toISOString() })
}
