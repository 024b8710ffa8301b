import { IDEA_COLUMN_LABELS_FR } from '../seance/live.ts'
import type { SeanceRecord } from '../seance/record.ts'
import { academieName, timeZoneOf } from './bilan-report.ts'
import { frenchDateTime, frenchText, NBSP } from './french.ts'
import { tocOf, type Block, type Report, type ReportSection, type Run } from './model.ts'

/** "1 h 05 min", "12 min", "moins d'une minute". */
export function frenchDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 1) return 'moins d’une minute'
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${minutes}${NBSP}min`
  return rest === 0 ? `${hours}${NBSP}h` : `${hours}${NBSP}h${NBSP}${String(rest).padStart(2, '0')}${NBSP}min`
}

const plural = (count: number, one: string, many: string) => `${count}${NBSP}${count > 1 ? many : one}`
const text = (value: string): Run => ({ text: frenchText(value) })
const paragraph = (...runs: Run[]): Block => ({ type: 'paragraph', runs })
const section = (
  id: string,
  heading: string,
  blocks: Block[],
  sections: ReportSection[] = [],
): ReportSection => ({
  id,
  level: 1,
  heading,
  blocks,
  sections,
  newPage: false,
})

/**
 * The compte rendu of a séance (A7) as a report: who took part, the agenda with its timings, the
 * levels decided with their spread and dissent, the idea boards with their votes, and the actions
 * of the plan created or changed. The same model is rendered to PDF, DOCX, ODT and Markdown.
 */
export function seanceReport(record: SeanceRecord): Report {
  const timeZone = timeZoneOf(record.etablissement.academie)
  const when = (iso: string) => frenchDateTime(iso, timeZone)
  const guests = record.participants.filter((p) => p.guest).length

  const participants = section('participants', 'Participants', [
    paragraph(
      text(
        `${plural(record.participants.length, 'participant', 'participants')}${
          guests > 0 ? `, dont ${plural(guests, 'invité sans compte', 'invités sans compte')}` : ''
        }. Animation : ${record.facilitators.join(', ') || record.createdBy}.`,
      ),
    ),
    { type: 'list', items: record.participants.map((p) => [text(p.guest ? `${p.name} (invité)` : p.name)]) },
  ])

  const agenda = section('ordre-du-jour', 'Ordre du jour et durées', [
    {
      type: 'table',
      caption: 'Étapes de la séance',
      columns: [
        { header: 'Étape', width: 5 },
        { header: 'Début', width: 3 },
        { header: 'Durée', width: 2, align: 'right' },
      ],
      rows: record.steps.map((step, index) => [
        frenchText(`${index + 1}. ${step.title}`),
        step.startedAt ? when(step.startedAt) : 'non abordée',
        step.startedAt ? frenchDuration(step.durationMs) : '—',
      ]),
    },
  ])

  const levels = section(
    'niveaux',
    'Niveaux décidés',
    record.ratings.length === 0 ? [paragraph(text('Aucun positionnement pendant cette séance.'))] : [],
    record.ratings.map((rating, index) => ({
      id: `niveau-${index + 1}`,
      level: 2,
      heading: frenchText(rating.descriptorText),
      blocks: [
        paragraph({ text: frenchText(rating.criterionLabel), italic: true }),
        paragraph(
          { text: 'Niveau retenu : ', bold: true },
          text(
            rating.consensus
              ? rating.consensus.levelLabel
              : 'aucun (résultat révélé sans consensus enregistré)',
          ),
        ),
        {
          type: 'table',
          caption: `Positionnements (${plural(rating.rated, 'personne', 'personnes')}${rating.anonymous ? ', anonyme' : ''})`,
          columns: [
            { header: 'Niveau', width: 4 },
            { header: 'Nombre', width: 1, align: 'right' },
          ],
          rows: rating.distribution.map((level) => [frenchText(level.label), String(level.count)]),
        },
        paragraph(
          { text: 'Écart : ', bold: true },
          text(
            rating.spread === 0
              ? 'aucun, tout le monde est d’accord'
              : plural(rating.spread, 'niveau', 'niveaux'),
          ),
        ),
        ...(rating.consensus?.dissent
          ? [paragraph({ text: 'Désaccord : ', bold: true }, text(rating.consensus.dissent))]
          : []),
      ],
      sections: [],
    })),
  )

  const boards = section(
    'idees',
    'Idées et votes',
    record.boards.length === 0 ? [paragraph(text('Aucune idée déposée pendant cette séance.'))] : [],
    record.boards.map((board, index) => ({
      id: `tableau-${index + 1}`,
      level: 2,
      heading: frenchText(board.stepTitle),
      blocks: [
        paragraph(
          text(
            board.voting
              ? `Vote : ${plural(board.voting.perPerson, 'voix', 'voix')} par personne, ${plural(board.voting.voters, 'votant', 'votants')}.`
              : 'Pas de vote sur ce tableau.',
          ),
        ),
        {
          type: 'table',
          caption: 'Notes du tableau',
          columns: [
            { header: 'Colonne', width: 2 },
            { header: 'Idée', width: 6 },
            { header: 'Voix', width: 1, align: 'right' },
            { header: 'Suite', width: 3 },
          ],
          rows: [...board.ideas]
            .sort((a, b) => (b.votes ?? -1) - (a.votes ?? -1))
            .map((idea) => [
              IDEA_COLUMN_LABELS_FR[idea.column],
              [
                text(idea.text),
                {
                  text: [
                    idea.author ?? 'anonyme',
                    idea.groupedUnder ? `groupée avec « ${idea.groupedUnder} »` : '',
                  ]
                    .filter(Boolean)
                    .join(' — '),
                  italic: true,
                },
              ],
              idea.votes === null ? '—' : String(idea.votes),
              idea.actionTitle ? frenchText(`Action : ${idea.actionTitle}`) : '',
            ]),
        },
      ],
      sections: [],
    })),
  )

  const actions = section(
    'actions',
    'Actions créées ou modifiées',
    record.actions.length === 0
      ? [paragraph(text('Aucune action du plan n’a été créée ni modifiée pendant la séance.'))]
      : [
          {
            type: 'table',
            caption: 'Actions du plan',
            columns: [
              { header: 'Action', width: 6 },
              { header: 'État', width: 2 },
              { header: 'Pendant la séance', width: 3 },
            ],
            rows: record.actions.map((action) => [
              frenchText(action.title),
              action.etat,
              action.change === 'created'
                ? action.fromIdea
                  ? 'créée depuis une idée'
                  : 'créée'
                : 'modifiée',
            ]),
          },
        ],
  )

  const sections = [participants, agenda, levels, boards, actions]
  return {
    meta: {
      title: `Compte rendu — ${record.title}`,
      subject: `${record.kind}, ${record.schoolYear}`,
      author: record.etablissement.name,
      language: 'fr-FR',
      keywords: ['compte rendu', 'séance', 'Lycée des métiers'],
    },
    titlePage: {
      kicker: `Compte rendu de séance — ${record.kind}`,
      etablissement: record.etablissement.name,
      etablissementDetails: `UAI ${record.etablissement.uai} — ${academieName(record.etablissement.academie)}`,
      schoolYear: `Année scolaire ${record.schoolYear}`,
      bilanName: frenchText(record.title),
      facts: [
        { label: 'Ouverte le', value: when(record.openedAt) },
        { label: 'Terminée le', value: when(record.endedAt) },
        { label: 'Animée par', value: record.facilitators.join(', ') || record.createdBy },
      ],
    },
    tocTitle: 'Sommaire',
    toc: tocOf(sections),
    sections,
    footer: `${record.etablissement.name} — Compte rendu « ${record.title} »`,
  }
}
