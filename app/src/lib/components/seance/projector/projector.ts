/**
 * What the projector shows, worked out from the live state without the DOM: the join code as it
 * is read aloud, how many people are expected to rate, and the idea board's columns of stacked
 * notes in the order the room reads them.
 */
import {
  IDEA_COLUMNS,
  type IdeaColumn,
  type LiveIdea,
  type LivePerson,
  type LiveVoting,
} from '@rouages/shared/seance/live'

/** "ABC234" → "ABC 234": two groups of three read from the back of a room. */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code
}

/**
 * How many people may rate: those present who are not facilitators (the projector is usually
 * opened with a facilitator's account), or everyone present when only facilitators are there.
 * Never fewer than those who already rated (someone may have rated, then left).
 */
export function expectedRaters(
  present: LivePerson[],
  facilitators: Array<Pick<LivePerson, 'key'>>,
  ratedCount: number,
): number {
  const leading = new Set(facilitators.map((person) => person.key))
  const others = present.filter((person) => !leading.has(person.key)).length
  return Math.max(others > 0 ? others : present.length, ratedCount)
}

/** A note and the notes grouped under it, with the group's votes once voting has ended. */
export interface NoteStack {
  lead: LiveIdea
  grouped: LiveIdea[]
  /** The group's total (on its leading note); null while voting is not over. */
  votes: number | null
}

/**
 * The board of one step: per column, its notes with the grouped ones stacked under their lead
 * (in the lead's column, wherever they were written), oldest first; once voting has ended, the
 * most voted first.
 */
export function boardColumns(
  ideas: LiveIdea[],
  stepIndex: number,
  voting: LiveVoting | undefined,
): Record<IdeaColumn, NoteStack[]> {
  const onBoard = ideas.filter((idea) => idea.stepIndex === stepIndex)
  const ids = new Set(onBoard.map((idea) => idea.id))
  // A note whose lead is gone stands on its own.
  const leadOf = (idea: LiveIdea) => (idea.groupId !== null && ids.has(idea.groupId) ? idea.groupId : null)
  const totals = voting?.phase === 'ended' ? (voting.totals ?? {}) : null
  const columns = Object.fromEntries(IDEA_COLUMNS.map((column) => [column, [] as NoteStack[]])) as Record<
    IdeaColumn,
    NoteStack[]
  >
  const stacks = new Map<string, NoteStack>()
  for (const idea of onBoard) {
    if (leadOf(idea) !== null) continue
    const stack: NoteStack = { lead: idea, grouped: [], votes: totals ? (totals[idea.id] ?? 0) : null }
    stacks.set(idea.id, stack)
    columns[idea.column].push(stack)
  }
  for (const idea of onBoard) {
    const lead = leadOf(idea)
    if (lead !== null) stacks.get(lead)?.grouped.push(idea)
  }
  if (totals)
    for (const column of IDEA_COLUMNS)
      // Array.prototype.sort is stable: equal votes keep the order they were written in.
      columns[column].sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0))
  return columns
}
