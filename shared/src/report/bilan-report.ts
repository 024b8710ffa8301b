import { BILAN_STEP_LABELS_FR, type BilanSummary } from '../api/bilans.ts'
import type { Level } from '../frameworks/types.ts'
import {
  ACTION_STATE_LABELS_FR,
  ACTION_STATES,
  actionsLinkedTo,
  type ActionView,
} from '../workspace/actions.ts'
import { levelOfMean, levelsOfFramework, type CriterionLevels } from '../workspace/dashboard.ts'
import { ENTRY_FIELD_LABELS_FR, ENTRY_TEXT_FIELDS } from '../workspace/schema.ts'
import type { FrameworkSnapshot, WorkspaceSnapshot } from '../workspace/snapshot.ts'
import {
  frenchDate,
  frenchDateOf,
  frenchDateTime,
  frenchNumber,
  frenchPeriod,
  frenchText,
  NBSP,
  withUnit,
} from './french.ts'
import { tocOf, type Block, type Report, type ReportSection, type Run, type TitlePage } from './model.ts'

export interface BilanReportOptions {
  etablissement: { name: string; uai: string; academie: string }
  /** A member's display name from their user id (pilotes of actions). */
  personName: (userId: string) => string
  /** The previous year's latest bilan: each criterion's change is given against it. */
  previous?: WorkspaceSnapshot
  /**
   * Without `previous`: the earlier bilan is left out on purpose (a share link opens one version
   * only), so the overview must not say there is none.
   */
  previousWithheld?: boolean
}

/** A bilan's report: its cover always has the approval trail and the digest. */
export type BilanReport = Report & { titlePage: Required<TitlePage> }

/** The section of the rapport annuel this report is (PRODUCT.md E4). */
const REPORT_TITLE = 'Suivi du label Lycée des métiers'

/**
 * A frozen bilan as the "Suivi du label Lycée des métiers" section of the rapport annuel: for each
 * framework and criterion its level (and its change since last year's bilan), the constats per
 * descriptor, the actions menées and the bilan et perspectives; then the whole action plan and the
 * indicators. Pure: the same bilan always gives the same report, whatever the renderer.
 */
export function bilanReport(
  summary: BilanSummary,
  snapshot: WorkspaceSnapshot,
  options: BilanReportOptions,
): BilanReport {
  const timeZone = timeZoneOf(options.etablissement.academie)
  const ids = sectionIds()
  const sections: ReportSection[] = [
    overviewSection(snapshot, options, ids),
    ...snapshot.frameworks.map((framework) => frameworkSection(framework, snapshot, options, ids)),
    actionPlanSection(snapshot.actions, options.personName, ids),
    indicatorsSection(snapshot, ids),
  ]
  const etablissement = frenchText(options.etablissement.name)
  return {
    meta: {
      title: `${REPORT_TITLE} — ${snapshot.schoolYear}`,
      subject: `Rapport annuel, bilan ${quoted(summary.name)}`,
      author: etablissement,
      language: 'fr-FR',
      keywords: ['label Lycée des métiers', 'rapport annuel', 'bilan annuel', snapshot.schoolYear],
    },
    titlePage: titlePage(summary, snapshot, options, timeZone),
    tocTitle: 'Sommaire',
    toc: tocOf(sections),
    sections,
    footer: `${etablissement} — ${REPORT_TITLE} — ${snapshot.schoolYear}`,
  }
}

function titlePage(
  summary: BilanSummary,
  snapshot: WorkspaceSnapshot,
  options: BilanReportOptions,
  timeZone: string,
): Required<TitlePage> {
  const { uai, academie } = options.etablissement
  const note = summary.note.trim()
  return {
    kicker: `Rapport annuel — ${REPORT_TITLE}`,
    etablissement: frenchText(options.etablissement.name),
    etablissementDetails: `UAI ${uai} — ${academieName(academie)}`,
    schoolYear: `Année scolaire ${snapshot.schoolYear}`,
    bilanName: frenchText(summary.name),
    facts: [
      { label: 'Bilan figé le', value: frenchDateTime(summary.createdAt, timeZone) },
      { label: 'Par', value: frenchText(summary.createdBy) },
      ...(note ? [{ label: 'Note', value: frenchText(note) }] : []),
    ],
    trail: {
      heading: 'Parcours d’approbation',
      steps: summary.steps.map((step) => ({
        label: BILAN_STEP_LABELS_FR[step.step],
        value: `le ${step.onDate ? frenchDate(step.onDate) : frenchDateOf(step.recordedAt, timeZone)} (enregistré par ${frenchText(step.recordedBy)})`,
      })),
      empty:
        summary.steps.length === 0
          ? 'Version de travail : pas encore approuvée par le chef d’établissement.'
          : null,
    },
    digest: {
      label: 'Empreinte SHA-256 de la version figée',
      // Groups of eight characters: readable aloud, and the line may break between them.
      value: summary.digest.replace(/(.{8})(?=.)/g, '$1 '),
    },
  }
}

function overviewSection(
  snapshot: WorkspaceSnapshot,
  { previous, previousWithheld }: BilanReportOptions,
  ids: () => string,
): ReportSection {
  const descriptors = snapshot.frameworks.flatMap((f) => f.criteria.flatMap((c) => c.descriptors))
  const positioned = descriptors.filter((descriptor) => descriptor.entry.level !== null).length
  const criteria = snapshot.frameworks.reduce((sum, f) => sum + f.criteria.length, 0)
  const blocks: Block[] = [
    paragraph(
      `Ce document présente le suivi du label pour l’année scolaire ${snapshot.schoolYear} : le positionnement de chaque critère et ses constats, les actions menées, le bilan et les perspectives, puis le plan d’action et les indicateurs suivis.`,
      'lead',
    ),
    {
      type: 'list',
      items: [
        [
          { text: count(criteria, 'critère', 'critères'), bold: true },
          {
            text: ` ; ${count(descriptors.length, 'descripteur', 'descripteurs')}, dont ${count(positioned, 'positionné', 'positionnés')}.`,
          },
        ],
        [
          { text: count(snapshot.actions.length, 'action', 'actions'), bold: true },
          { text: ` au plan d’action${stateCounts(snapshot.actions)}.` },
        ],
        [
          { text: count(snapshot.indicators.length, 'indicateur suivi', 'indicateurs suivis'), bold: true },
          { text: '.' },
        ],
      ],
    },
    paragraph(
      previous
        ? `Les évolutions sont données par rapport au dernier bilan de l’année ${previous.schoolYear}${NBSP}: ${UP}en progrès, ${DOWN}en recul, ${SAME}stable.`
        : previousWithheld
          ? 'Les évolutions depuis l’année précédente ne figurent pas dans cette version partagée.'
          : 'Aucun bilan de l’année précédente : les évolutions ne sont pas indiquées.',
      'muted',
    ),
  ]
  for (const framework of snapshot.frameworks) {
    const levels = levelsOfFramework(framework)
    const before = previousLevels(previous, framework.id)
    blocks.push({
      type: 'table',
      caption: `Positionnement par critère — ${frenchText(framework.label)}`,
      columns: [
        { header: 'Critère', width: 4.2 },
        { header: 'Positionnement', width: 1.9 },
        { header: 'Descripteurs positionnés', width: 1.7, align: 'center' },
        ...(previous ? [{ header: `Évolution depuis ${previous.schoolYear}`, width: 3 }] : []),
      ],
      rows: levels.criteria.map((criterion) => [
        `${criterion.number}. ${frenchText(criterion.shortTitle)}`,
        levelRun(framework.scale.levels, criterion.mean),
        `${criterion.positioned} sur ${criterion.total}`,
        ...(previous ? [changeWords(framework, criterion, before.get(criterion.criterionId))] : []),
      ]),
    })
  }
  return { id: ids(), level: 1, heading: 'Vue d’ensemble', blocks, sections: [] }
}

function frameworkSection(
  framework: FrameworkSnapshot,
  snapshot: WorkspaceSnapshot,
  options: BilanReportOptions,
  ids: () => string,
): ReportSection {
  const levels = levelsOfFramework(framework)
  const before = previousLevels(options.previous, framework.id)
  return {
    id: ids(),
    level: 1,
    heading: frenchText(framework.label),
    blocks: [
      paragraph(
        `Échelle de positionnement${NBSP}: ${framework.scale.levels.map((level) => level.label).join(', ')}. Le positionnement d’un critère est la moyenne de ses descripteurs positionnés, arrondie au niveau le plus proche.`,
        'muted',
      ),
    ],
    sections: framework.criteria.map((criterion, i) => {
      const figures = levels.criteria[i]!
      const linked = uniqueActions([
        ...actionsLinkedTo(snapshot.actions, framework.id, criterion.id),
        ...criterion.descriptors.flatMap((d) => actionsLinkedTo(snapshot.actions, framework.id, d.id)),
      ])
      const mean =
        figures.mean === null
          ? ''
          : `moyenne ${frenchNumber(figures.mean + 1)} sur ${levels.levels.length}${NBSP}; `
      const positioning: Block[] = [
        {
          type: 'paragraph',
          runs: [
            { text: `Positionnement du critère${NBSP}: `, bold: true },
            levelRun(framework.scale.levels, figures.mean),
            {
              text: ` (${mean}${count(figures.positioned, 'descripteur positionné', 'descripteurs positionnés')} sur ${figures.total}).`,
            },
          ],
        },
      ]
      if (options.previous)
        positioning.push({
          type: 'paragraph',
          runs: [
            { text: `Évolution depuis ${options.previous.schoolYear}${NBSP}: `, bold: true },
            { text: changeWords(framework, figures, before.get(criterion.id)) },
          ],
        })
      return {
        id: ids(),
        level: 2,
        heading: `Critère ${criterion.number} — ${frenchText(criterion.title)}`,
        blocks: positioning,
        sections: [
          {
            id: ids(),
            level: 3,
            heading: 'Constats',
            blocks:
              criterion.descriptors.length === 0
                ? [paragraph('Aucun descripteur n’a été défini pour ce critère.', 'muted')]
                : criterion.descriptors.flatMap((descriptor) => descriptorBlocks(framework, descriptor)),
            sections: [],
          },
          {
            id: ids(),
            level: 3,
            heading: 'Actions menées',
            blocks:
              linked.length === 0
                ? [paragraph('Aucune action du plan n’est liée à ce critère.', 'muted')]
                : [{ type: 'list', items: linked.map((action) => actionItem(action, options.personName)) }],
            sections: [],
          },
          {
            id: ids(),
            level: 3,
            heading: 'Bilan et perspectives',
            blocks: criterion.synthesis.trim()
              ? textParagraphs(criterion.synthesis)
              : [paragraph('Non renseigné.', 'muted')],
            sections: [],
          },
        ],
      }
    }),
  }
}

function descriptorBlocks(
  framework: FrameworkSnapshot,
  descriptor: FrameworkSnapshot['criteria'][number]['descriptors'][number],
): Block[] {
  const { entry } = descriptor
  const level = framework.scale.levels.find((l) => l.id === entry.level)
  const blocks: Block[] = [
    { type: 'paragraph', style: 'label', runs: [{ text: frenchText(descriptor.text.trim()) }] },
    {
      type: 'paragraph',
      runs: [
        { text: `${ENTRY_FIELD_LABELS_FR.level}${NBSP}: `, bold: true },
        level
          ? { text: level.label, bold: true, color: level.color }
          : { text: 'non positionné', italic: true },
      ],
    },
  ]
  const fields = ENTRY_TEXT_FIELDS.filter((field) => entry[field].trim())
  for (const field of fields) blocks.push(...textParagraphs(entry[field], ENTRY_FIELD_LABELS_FR[field]))
  if (entry.preuves.length > 0)
    blocks.push({
      type: 'paragraph',
      runs: [
        { text: `${ENTRY_FIELD_LABELS_FR.preuves}${NBSP}: `, bold: true },
        { text: entry.preuves.map((preuve) => frenchText(preuve.label)).join(' ; ') },
      ],
    })
  if (fields.length === 0 && entry.preuves.length === 0)
    blocks.push(paragraph('Aucun constat saisi.', 'muted'))
  return blocks
}

function actionItem(action: ActionView, personName: (userId: string) => string): Run[] {
  const facts = [
    ACTION_STATE_LABELS_FR[action.etat],
    action.echeance ? `échéance ${frenchDate(action.echeance)}` : null,
    action.pilote ? `pilote${NBSP}: ${frenchText(personName(action.pilote))}` : null,
  ].filter(Boolean)
  const runs: Run[] = [{ text: frenchText(action.title), bold: true }, { text: ` — ${facts.join(', ')}.` }]
  if (action.bilan.trim())
    runs.push({ text: ` Bilan${NBSP}: `, italic: true }, { text: frenchText(oneLine(action.bilan)) })
  return runs
}

function actionPlanSection(
  actions: ActionView[],
  personName: (userId: string) => string,
  ids: () => string,
): ReportSection {
  const byEcheance = [...actions].sort(
    (a, b) =>
      (a.echeance ?? '9999').localeCompare(b.echeance ?? '9999') || a.createdAt.localeCompare(b.createdAt),
  )
  return {
    id: ids(),
    level: 1,
    heading: 'Plan d’action',
    blocks:
      actions.length === 0
        ? [paragraph('Le plan d’action ne compte aucune action.', 'muted')]
        : [
            paragraph(`${count(actions.length, 'action', 'actions')}${stateCounts(actions)}.`, 'lead'),
            {
              type: 'table',
              caption: 'Actions du plan, par ordre d’échéance',
              columns: [
                { header: 'Intitulé', width: 3.1 },
                { header: 'Pilote', width: 1.8 },
                { header: 'Échéance', width: 2 },
                { header: 'État', width: 1.7 },
                { header: 'Bilan', width: 4 },
              ],
              rows: byEcheance.map((action) => [
                { text: frenchText(action.title), bold: true },
                action.pilote ? frenchText(personName(action.pilote)) : '—',
                action.echeance ? frenchDate(action.echeance) : '—',
                ACTION_STATE_LABELS_FR[action.etat],
                action.bilan.trim() ? frenchText(oneLine(action.bilan)) : '—',
              ]),
            },
          ],
    sections: [],
  }
}

function indicatorsSection(snapshot: WorkspaceSnapshot, ids: () => string): ReportSection {
  const { indicators } = snapshot
  const value = (n: number | null) => (n === null ? '—' : frenchNumber(n))
  return {
    id: ids(),
    level: 1,
    heading: 'Indicateurs',
    blocks:
      indicators.length === 0
        ? [paragraph('Aucun indicateur n’est suivi cette année.', 'muted')]
        : [
            {
              type: 'table',
              caption: 'Suivi des indicateurs',
              columns: [
                { header: 'Indicateur', width: 3.4 },
                { header: 'Unité', width: 1.2 },
                { header: 'Valeur de référence', width: 1.4, align: 'right' },
                { header: 'Cible', width: 1.1, align: 'right' },
                { header: 'Valeurs constatées par période', width: 3.4 },
              ],
              rows: indicators.map((indicator) => [
                { text: frenchText(indicator.name), bold: true },
                indicator.unit.trim() ? frenchText(indicator.unit) : '—',
                value(indicator.baseline),
                value(indicator.cible),
                indicator.measurements.length === 0
                  ? '—'
                  : indicator.measurements.map(
                      (m) => `${frenchPeriod(m.period)}${NBSP}: ${withUnit(m.value, indicator.unit)}`,
                    ),
              ]),
            },
          ],
    sections: [],
  }
}

/** The criterion's level in words (in the level's colour), or "non positionné". */
function levelRun(levels: Level[], mean: number | null): Run {
  const level = levelOfMean(levels, mean)
  return level
    ? { text: level.label, bold: true, color: level.color }
    : { text: 'non positionné', italic: true }
}

function previousLevels(previous: WorkspaceSnapshot | undefined, frameworkId: string) {
  const framework = previous?.frameworks.find((f) => f.id === frameworkId)
  return new Map(
    framework
      ? levelsOfFramework(framework).criteria.map((criterion) => [criterion.criterionId, criterion])
      : [],
  )
}

/** The signs of a change, bound to the word after them. */
const UP = `↑${NBSP}`
const DOWN = `↓${NBSP}`
const SAME = `=${NBSP}`

/** "↑ en progrès (En cours → Atteint)", "= stable (Atteint)", "nouveau positionnement"… */
function changeWords(
  framework: FrameworkSnapshot,
  now: CriterionLevels,
  before: CriterionLevels | undefined,
): string {
  const word = (mean: number | null) => levelOfMean(framework.scale.levels, mean)?.label ?? 'non positionné'
  if (now.mean === null)
    return before?.mean == null ? 'non positionné' : `plus positionné (${word(before.mean)})`
  if (before?.mean == null) return 'nouveau positionnement'
  const delta = now.mean - before.mean
  if (Math.abs(delta) < 1e-9) return `${SAME}stable (${word(now.mean)})`
  const levels =
    word(before.mean) === word(now.mean) ? word(now.mean) : `${word(before.mean)} → ${word(now.mean)}`
  return delta > 0 ? `${UP}en progrès (${levels})` : `${DOWN}en recul (${levels})`
}

function sectionIds(): () => string {
  let next = 0
  return () => `section-${++next}`
}

function paragraph(text: string, style?: 'body' | 'lead' | 'label' | 'muted'): Block {
  return { type: 'paragraph', runs: [{ text: frenchText(text), italic: style === 'muted' }], style }
}

/** People's multi-line text as paragraphs; the first one starts with its label, if any. */
function textParagraphs(text: string, label?: string): Block[] {
  const lines = text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.map((line, i) => ({
    type: 'paragraph',
    runs: [
      ...(label && i === 0 ? [{ text: `${label}${NBSP}: `, bold: true }] : []),
      { text: frenchText(line) },
    ],
  }))
}

const oneLine = (text: string) =>
  text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')

const quoted = (text: string) => `«${NBSP}${frenchText(text)}${NBSP}»`

const count = (n: number, one: string, many: string) => `${n}${NBSP}${n > 1 ? many : one}`

function stateCounts(actions: ActionView[]): string {
  const parts = ACTION_STATES.map((state) => [state, actions.filter((a) => a.etat === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => {
      const word = ACTION_STATE_LABELS_FR[state].toLocaleLowerCase('fr')
      // "réalisées", but "en cours" and "à lancer" do not agree.
      return `${n}${NBSP}${word}${n > 1 && word.endsWith('e') ? 's' : ''}`
    })
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

function uniqueActions(actions: ActionView[]): ActionView[] {
  const seen = new Set<string>()
  return actions
    .filter((action) => !seen.has(action.id) && seen.add(action.id))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/** "Académie de Lyon", "Académie d’Amiens". */
export function academieName(academie: string): string {
  return /^[AEIOUÉÈÊ]/i.test(academie) ? `Académie d’${academie}` : `Académie de ${academie}`
}

/** Overseas académies keep their own clock: dates of the report follow the school's calendar. */
const OVERSEAS_TIME_ZONES: Record<string, string> = {
  Guadeloupe: 'America/Guadeloupe',
  Guyane: 'America/Cayenne',
  Martinique: 'America/Martinique',
  Mayotte: 'Indian/Mayotte',
  'La Réunion': 'Indian/Reunion',
}
export const timeZoneOf = (academie: string) => OVERSEAS_TIME_ZONES[academie] ?? 'Europe/Paris'
