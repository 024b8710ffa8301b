import { BILAN_STEP_LABELS_FR, type BilanSummary } from '../api/bilans.ts'
import {
  cycleSchoolYears,
  LABEL_DECISION_LABELS_FR,
  LABEL_STATUS_LABELS_FR,
  type Label,
} from '../api/labels.ts'
import { compareVersions, type CriterionChange, type IndicatorChange } from '../bilans/compare.ts'
import { levelOfMean } from '../workspace/dashboard.ts'
import type { FrameworkSnapshot, WorkspaceSnapshot } from '../workspace/snapshot.ts'
import { academieName, bilanReport, timeZoneOf } from './bilan-report.ts'
import { dossier } from './dossier.ts'
import { frenchDate, frenchDateOf, frenchNumber, frenchText, NBSP } from './french.ts'
import type { Block, Cell, Report, ReportSection, Run } from './model.ts'

export interface LabelDossierBilan {
  summary: BilanSummary
  snapshot: WorkspaceSnapshot
}

export interface LabelDossierOptions {
  etablissement: { name: string; uai: string; academie: string }
  /** The framework's name in the établissement's library ("Label Lycée des métiers (…)"). */
  frameworkLabel: string
  /** A member's display name from their user id (pilotes of actions). */
  personName: (userId: string) => string
}

/**
 * The renewal dossier of a label (H2): a cover, the cycle's summary (the label, its status and
 * decision, each bilan with its approval trail), the change from the first bilan of the cycle to
 * the last, then every bilan's report in order — each against the bilan before it, so each shows
 * its own changes. Pure, like the reports it gathers.
 */
export function labelDossier(
  label: Pick<Label, 'intitule' | 'cycleStart' | 'cycleEnd' | 'status' | 'decision'>,
  bilans: LabelDossierBilan[],
  options: LabelDossierOptions,
): Report {
  const timeZone = timeZoneOf(options.etablissement.academie)
  const etablissement = frenchText(options.etablissement.name)
  const intitule = frenchText(label.intitule)
  const cycle = `${label.cycleStart}${NBSP}→ ${label.cycleEnd}`
  const first = bilans[0]
  const last = bilans.at(-1)
  const sections = [summarySection(label, bilans, options, timeZone)]
  if (first && last && first !== last) sections.push(evolutionSection(first, last))
  return dossier(
    {
      meta: {
        title: `Dossier de renouvellement — ${intitule}`,
        subject: `${frenchText(options.frameworkLabel)}, cycle ${cycle}`,
        author: etablissement,
        language: 'fr-FR',
        keywords: ['label', 'dossier de renouvellement', 'bilans annuels', `cycle ${cycle}`],
      },
      titlePage: {
        kicker: `Dossier de renouvellement — ${frenchText(options.frameworkLabel)}`,
        etablissement,
        etablissementDetails: `UAI ${options.etablissement.uai} — ${academieName(options.etablissement.academie)}`,
        schoolYear: `Cycle de labellisation ${cycle}`,
        bilanName: intitule,
        facts: [
          { label: 'Statut', value: LABEL_STATUS_LABELS_FR[label.status] },
          { label: 'Décision', value: decisionWords(label.decision) },
          {
            label: 'Bilans du cycle',
            value:
              bilans.length === 0
                ? 'aucun bilan figé'
                : bilans
                    .map(({ summary }) => `${summary.schoolYear} (${frenchText(summary.name)})`)
                    .join(', '),
          },
        ],
      },
      tocTitle: 'Sommaire',
      footer: `${etablissement} — ${intitule} — cycle ${cycle}`,
      sections,
    },
    bilans.map(({ summary, snapshot }, i) => ({
      heading: `Bilan ${summary.schoolYear} — ${frenchText(summary.name)}`,
      report: bilanReport(summary, snapshot, {
        etablissement: options.etablissement,
        personName: options.personName,
        previous: bilans[i - 1]?.snapshot,
      }),
    })),
  )
}

const decisionWords = (decision: Label['decision']) =>
  decision ? LABEL_DECISION_LABELS_FR[decision] : 'pas encore de décision'

function summarySection(
  label: Pick<Label, 'intitule' | 'cycleStart' | 'cycleEnd' | 'status' | 'decision'>,
  bilans: LabelDossierBilan[],
  options: LabelDossierOptions,
  timeZone: string,
): ReportSection {
  const years = cycleSchoolYears(label.cycleStart, label.cycleEnd)
  const withBilan = new Set(bilans.map(({ summary }) => summary.schoolYear))
  const without = years.filter((year) => !withBilan.has(year))
  const fact = (name: string, value: string): Run[] => [
    { text: `${name}${NBSP}: `, bold: true },
    { text: value },
  ]
  const blocks: Block[] = [
    {
      type: 'paragraph',
      style: 'lead',
      runs: [
        {
          text: `Ce dossier rassemble les bilans annuels figés pendant le cycle de labellisation, dans l’ordre, chacun avec ses évolutions depuis le bilan précédent${bilans.length > 1 ? ', précédés de l’évolution du premier bilan au dernier' : ''}.`,
        },
      ],
    },
    {
      type: 'list',
      items: [
        fact('Intitulé', frenchText(label.intitule)),
        fact('Référentiel', frenchText(options.frameworkLabel)),
        fact(
          'Cycle',
          `${label.cycleStart}${NBSP}→ ${label.cycleEnd}, années scolaires ${years[0]} à ${years.at(-1)}`,
        ),
        fact('Statut', LABEL_STATUS_LABELS_FR[label.status]),
        fact('Décision', decisionWords(label.decision)),
      ],
    },
  ]
  if (bilans.length === 0)
    blocks.push({
      type: 'paragraph',
      style: 'muted',
      runs: [{ text: 'Aucun bilan n’a encore été figé pendant ce cycle.', italic: true }],
    })
  else
    blocks.push({
      type: 'table',
      caption: 'Bilans du cycle et leur parcours d’approbation',
      columns: [
        { header: 'Année scolaire', width: 1.6 },
        { header: 'Bilan', width: 2.6 },
        { header: 'Figé le', width: 1.8 },
        { header: 'Parcours d’approbation', width: 4.6 },
      ],
      rows: bilans.map(({ summary }) => [
        summary.schoolYear,
        { text: frenchText(summary.name), bold: true },
        frenchDateOf(summary.createdAt, timeZone),
        trailLines(summary, timeZone),
      ]),
    })
  if (without.length > 0)
    blocks.push({
      type: 'paragraph',
      style: 'muted',
      runs: [
        { text: `Années du cycle sans bilan figé à ce jour${NBSP}: ${without.join(', ')}.`, italic: true },
      ],
    })
  return { id: 'synthese', level: 1, heading: 'Synthèse du cycle', blocks, sections: [] }
}

function trailLines(summary: BilanSummary, timeZone: string): Cell {
  if (summary.steps.length === 0)
    return { text: frenchText('Version de travail : pas encore approuvée'), italic: true }
  return summary.steps.map(
    (step) =>
      `${BILAN_STEP_LABELS_FR[step.step]} le ${step.onDate ? frenchDate(step.onDate) : frenchDateOf(step.recordedAt, timeZone)}`,
  )
}

function evolutionSection(first: LabelDossierBilan, last: LabelDossierBilan): ReportSection {
  const then = first.summary.schoolYear
  const now = last.summary.schoolYear
  // Whether an action is late is read on the day the last bilan was frozen: the dossier never moves.
  const comparison = compareVersions(first.snapshot, last.snapshot, last.summary.createdAt.slice(0, 10))
  const labelOf = (summary: BilanSummary) =>
    `${summary.schoolYear}, «${NBSP}${frenchText(summary.name)}${NBSP}»`
  const blocks: Block[] = [
    {
      type: 'paragraph',
      style: 'lead',
      runs: [
        {
          text: `Du premier bilan du cycle (${labelOf(first.summary)}) au dernier (${labelOf(last.summary)})${NBSP}: le positionnement de chaque critère, les actions et les indicateurs.`,
        },
      ],
    },
  ]
  for (const framework of comparison.frameworks) {
    const scale = last.snapshot.frameworks.find((f) => f.id === framework.id)?.scale.levels ?? []
    blocks.push({
      type: 'table',
      caption: `Positionnement par critère — ${frenchText(framework.label)}`,
      columns: [
        { header: 'Critère', width: 4.2 },
        { header: `Bilan ${then}`, width: 1.9 },
        { header: `Bilan ${now}`, width: 1.9 },
        { header: 'Évolution', width: 2.4 },
      ],
      rows: framework.criteria.map((criterion) => [
        `${criterion.number}. ${frenchText(shortTitleOf(last.snapshot, framework.id, criterion))}`,
        levelRun(scale, criterion.before),
        levelRun(scale, criterion.after),
        directionWords(criterion),
      ]),
    })
  }
  const { actions } = comparison
  // Actions added during the cycle and already done count as done during the cycle.
  const completed = [...actions.completed, ...actions.added.filter((a) => a.etat === 'realisee')]
  const abandoned = [...actions.abandoned, ...actions.added.filter((a) => a.etat === 'abandonnee')]
  const count = (n: number, one: string, many: string) => `${n}${NBSP}${n > 1 ? many : one}`
  blocks.push(
    { type: 'paragraph', style: 'label', runs: [{ text: 'Plan d’action' }] },
    {
      type: 'list',
      items: [
        [
          { text: count(actions.added.length, 'action ajoutée', 'actions ajoutées'), bold: true },
          { text: ` au plan depuis le premier bilan${NBSP};` },
        ],
        [
          { text: count(completed.length, 'action réalisée', 'actions réalisées'), bold: true },
          { text: ` pendant le cycle${NBSP};` },
        ],
        [
          { text: count(abandoned.length, 'action abandonnée', 'actions abandonnées'), bold: true },
          { text: `${NBSP};` },
        ],
        [
          { text: count(actions.overdue.length, 'action', 'actions'), bold: true },
          { text: ' en retard au dernier bilan.' },
        ],
      ],
    },
  )
  if (comparison.indicators.length > 0)
    blocks.push({
      type: 'table',
      caption: 'Indicateurs : dernière valeur constatée',
      columns: [
        { header: 'Indicateur', width: 3.6 },
        { header: `Bilan ${then}`, width: 1.6, align: 'right' },
        { header: `Bilan ${now}`, width: 1.6, align: 'right' },
        { header: 'Cible', width: 1.2, align: 'right' },
        { header: 'Évolution', width: 2.4 },
      ],
      rows: comparison.indicators.map((indicator) => [
        { text: frenchText(indicator.name), bold: true },
        value(indicator.before),
        value(indicator.after),
        value(indicator.cible),
        indicatorWords(indicator),
      ]),
    })
  return {
    id: 'evolution',
    level: 1,
    heading: `Évolution sur le cycle, de ${then} à ${now}`,
    blocks,
    sections: [],
  }
}

const value = (n: number | null) => (n === null ? '—' : frenchNumber(n))

function shortTitleOf(snapshot: WorkspaceSnapshot, frameworkId: string, criterion: CriterionChange): string {
  const framework: FrameworkSnapshot | undefined = snapshot.frameworks.find((f) => f.id === frameworkId)
  return framework?.criteria.find((c) => c.id === criterion.id)?.shortTitle ?? criterion.title
}

/** A mean position as its level's word, in the level's colour; "non positionné" otherwise. */
function levelRun(levels: FrameworkSnapshot['scale']['levels'], mean: number | null): Run {
  const level = levelOfMean(levels, mean)
  return level
    ? { text: level.label, bold: true, color: level.color }
    : { text: 'non positionné', italic: true }
}

const DIRECTION_WORDS: Record<CriterionChange['direction'], string> = {
  up: `↑${NBSP}en progrès`,
  down: `↓${NBSP}en recul`,
  same: `=${NBSP}stable`,
  added: 'nouveau positionnement',
  removed: 'plus positionné',
  'not-positioned': 'non positionné',
}

const directionWords = (criterion: CriterionChange) => DIRECTION_WORDS[criterion.direction]

function indicatorWords(indicator: IndicatorChange): string {
  if (indicator.delta === null) return '—'
  if (indicator.better === null) return `=${NBSP}stable`
  const reached = indicator.reachedAfter ? ', cible atteinte' : ''
  return indicator.better ? `↑${NBSP}meilleur${reached}` : `↓${NBSP}moins bon${reached}`
}
