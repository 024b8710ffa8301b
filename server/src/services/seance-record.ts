import type { Kysely } from 'kysely'
import { SEANCE_KIND_LABELS_FR, type Seance } from '@rouages/shared/api/seances'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import type { LiveState } from '@rouages/shared/seance/live'
import type { SeanceRecord } from '@rouages/shared/seance/record'
import { ACTION_STATE_LABELS_FR, readActions } from '@rouages/shared/workspace/actions'
import type { Attribution } from '@rouages/shared/workspace/schema'
import type { Database } from '../storage/schema.ts'
import type { SeanceRow } from './seance-access.ts'
import type { LiveDocs } from './seance-live-docs.ts'

/**
 * Writes the compte rendu of a séance that has just ended, from what the server kept: who joined,
 * the steps' timings (its event log), the revealed ratings and the consensus recorded, the idea
 * boards with their votes, and the actions of the year's plan created or changed meanwhile.
 */
export async function buildSeanceRecord(
  deps: { db: Kysely<Database>; live: LiveDocs },
  seance: SeanceRow,
  state: LiveState,
  facilitators: string[],
): Promise<SeanceRecord> {
  const { db } = deps
  const endedAt = seance.ended_at ?? new Date().toISOString()
  const [etablissement, creator, participants, events] = await Promise.all([
    db
      .selectFrom('etablissement')
      .select(['name', 'uai', 'academie'])
      .where('id', '=', seance.etablissement_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('app_user').select('display_name').where('id', '=', seance.created_by).executeTakeFirst(),
    db
      .selectFrom('seance_participant')
      .select(['display_name', 'guest', 'joined_at'])
      .where('seance_id', '=', seance.id)
      .orderBy('display_name')
      .execute(),
    db
      .selectFrom('seance_event')
      .select(['at', 'kind', 'details'])
      .where('seance_id', '=', seance.id)
      .orderBy('at')
      .execute(),
  ])
  const actions = await deps.live.read(
    workspaceDocumentName(seance.etablissement_id, seance.school_year),
    (doc) => {
      const attributions = doc.getMap<Attribution>('attributions')
      const touched = new Set<string>()
      for (const [key, attribution] of attributions.entries()) {
        const [kind, id] = key.split(':')
        if (kind === 'action' && id && attribution.at >= seance.created_at && attribution.at <= endedAt)
          touched.add(id)
      }
      return readActions(doc).filter(
        (action) => touched.has(action.id) || action.createdAt >= seance.created_at,
      )
    },
  )
  const fromIdeas = new Map(state.ideas.filter((idea) => idea.actionId).map((idea) => [idea.actionId, idea]))

  return {
    title: seance.title,
    kind: SEANCE_KIND_LABELS_FR[seance.kind as Seance['kind']] ?? seance.kind,
    schoolYear: seance.school_year,
    etablissement,
    openedAt: seance.created_at,
    endedAt,
    createdBy: creator?.display_name ?? 'ancien membre',
    facilitators,
    participants: participants.map((p) => ({
      name: p.display_name,
      guest: p.guest === 1,
      joinedAt: p.joined_at,
    })),
    steps: stepTimings(state, events, endedAt),
    ratings: state.rounds
      .filter((round) => round.distribution !== null)
      .map((round) => {
        const step = state.agenda[round.stepIndex]
        const scale = step?.criterion?.scale ?? []
        const levelLabel = (id: string) => scale.find((level) => level.id === id)?.label ?? id
        return {
          stepTitle: step?.title ?? '',
          criterionLabel: step?.criterion?.label ?? '',
          descriptorText: round.descriptorText,
          anonymous: round.anonymous,
          rated: round.ratedCount,
          distribution: scale.map((level) => ({
            label: level.label,
            count: round.distribution?.[level.id] ?? 0,
          })),
          spread: round.consensus?.spread ?? 0,
          consensus: round.consensus
            ? { levelLabel: levelLabel(round.consensus.levelId), dissent: round.consensus.dissent }
            : null,
        }
      }),
    boards: state.agenda.flatMap((step, index) => {
      const ideas = state.ideas.filter((idea) => idea.stepIndex === index)
      if (step.kind !== 'ideas' || ideas.length === 0) return []
      const voting = state.votings[index]
      const textOf = new Map(ideas.map((idea) => [idea.id, idea.text]))
      const titleOf = new Map(actions.map((action) => [action.id, action.title]))
      return [
        {
          stepTitle: step.title,
          voting: voting ? { perPerson: voting.perPerson, voters: voting.voterCount } : null,
          ideas: ideas.map((idea) => ({
            column: idea.column,
            text: idea.text,
            author: idea.author,
            votes: voting?.totals && idea.groupId === null ? (voting.totals[idea.id] ?? 0) : null,
            groupedUnder: idea.groupId ? (textOf.get(idea.groupId) ?? null) : null,
            actionTitle: idea.actionId ? (titleOf.get(idea.actionId) ?? 'action supprimée depuis') : null,
          })),
        },
      ]
    }),
    actions: actions.map((action) => ({
      title: action.title,
      etat: ACTION_STATE_LABELS_FR[action.etat],
      change: action.createdAt >= seance.created_at ? ('created' as const) : ('changed' as const),
      fromIdea: fromIdeas.has(action.id),
    })),
  }
}

/** Each step's first arrival and total time, from the log of steps reached (each visit lasts until the next). */
function stepTimings(
  state: LiveState,
  events: Array<{ at: string; kind: string; details: string }>,
  endedAt: string,
): SeanceRecord['steps'] {
  const visits = events
    .filter((event) => event.kind === 'step')
    .map((event) => ({ at: event.at, index: (JSON.parse(event.details) as { index: number }).index }))
  return state.agenda.map((step, index) => {
    let durationMs = 0
    let startedAt: string | null = null
    visits.forEach((visit, i) => {
      if (visit.index !== index) return
      startedAt ??= visit.at
      const until = visits[i + 1]?.at ?? endedAt
      durationMs += new Date(until).getTime() - new Date(visit.at).getTime()
    })
    return { title: step.title, kind: step.kind, startedAt, durationMs }
  })
}
