import type { IdeaColumn } from './live.ts'

/**
 * The compte rendu of a séance (A7), as stored when it ends: plain data from which the Markdown,
 * PDF, DOCX and ODT files are drawn (`report/seance-report.ts`).
 */
export interface SeanceRecord {
  title: string
  kind: string
  schoolYear: string
  etablissement: { name: string; uai: string; academie: string }
  openedAt: string
  endedAt: string
  createdBy: string
  facilitators: string[]
  participants: Array<{ name: string; guest: boolean; joinedAt: string }>
  /** Each agenda step, when it was first reached and how long it was worked on in all. */
  steps: Array<{ title: string; kind: string; startedAt: string | null; durationMs: number }>
  ratings: Array<{
    stepTitle: string
    criterionLabel: string
    descriptorText: string
    anonymous: boolean
    rated: number
    /** Every level of the scale, lowest first, with how many chose it. */
    distribution: Array<{ label: string; count: number }>
    spread: number
    consensus: { levelLabel: string; dissent: string } | null
  }>
  boards: Array<{
    stepTitle: string
    voting: { perPerson: number; voters: number } | null
    ideas: Array<{
      column: IdeaColumn
      text: string
      author: string | null
      votes: number | null
      /** The text of the note it is grouped under. */
      groupedUnder: string | null
      actionTitle: string | null
    }>
  }>
  actions: Array<{ title: string; etat: string; change: 'created' | 'changed'; fromIdea: boolean }>
}
