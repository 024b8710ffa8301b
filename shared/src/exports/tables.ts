import {
  ACTION_STATE_LABELS_FR,
  EFFECTIVENESS_LABELS_FR,
  PDCA_LABELS_FR,
  urgencyOf,
  type ActionView,
} from '../workspace/actions.ts'
import { PERIODICITY_LABELS_FR, DIRECTION_LABELS_FR } from '../indicators/catalogue.ts'
import type { IndicatorView } from '../workspace/indicators.ts'

/**
 * The action plan and the indicators as tables with French headers (C2, D1 exports): one model
 * for every format, so the CSV and the XLSX files say the same thing. Dates stay typed (`date`
 * cells) and numbers stay numbers; each format writes them in French.
 */
export type Cell = string | number | { date: string } | null

export interface Table {
  /** Sheet name (XLSX) and file name stem. */
  name: string
  headers: string[]
  rows: Cell[][]
}

export interface ExportContext {
  /** A member's display name from their id (pilotes). */
  personName: (userId: string) => string
  /** "Critère 4 — Partenariats" from a link key `<frameworkId>/<item id>`. */
  linkLabel: (key: string) => string
  /** "Mesure 9 — Bureau des entreprises" from a reform measure id. */
  measureLabel: (measureId: string) => string
  /** Today, YYYY-MM-DD: for the "En retard" column. */
  today: string
}

const date = (value: string | null): Cell => (value ? { date: value } : null)
const list = (values: string[]) => values.join(' ; ')

export function actionsTable(
  actions: ActionView[],
  context: ExportContext,
  indicators: IndicatorView[] = [],
): Table {
  const indicatorName = (id: string) => indicators.find((indicator) => indicator.id === id)?.name ?? id
  return {
    name: 'Plan d’action',
    headers: [
      'Intitulé',
      'État',
      'Échéance',
      'Retard',
      'Pilote',
      'Acteurs',
      'Critères et descripteurs',
      'Mesures de la réforme',
      'Objectif',
      'Description',
      'Moyens',
      'Phase PDCA',
      'Indicateurs de suivi',
      'Cible',
      'Efficacité',
      'Bilan de l’action',
    ],
    rows: actions.map((action) => {
      const urgency = urgencyOf(action, context.today)
      return [
        action.title,
        ACTION_STATE_LABELS_FR[action.etat],
        date(action.echeance),
        urgency === 'overdue' ? 'En retard' : urgency === 'due-soon' ? 'Échéance proche' : '',
        action.pilote ? context.personName(action.pilote) : '',
        action.acteurs,
        list(action.links.map(context.linkLabel)),
        list(action.measures.map(context.measureLabel)),
        action.objective,
        action.description,
        action.moyens,
        action.pdca ? PDCA_LABELS_FR[action.pdca] : '',
        list(action.indicators.map(indicatorName)),
        action.cible,
        action.efficacite ? EFFECTIVENESS_LABELS_FR[action.efficacite] : '',
        action.bilan,
      ]
    }),
  }
}

export function indicatorsTable(
  indicators: IndicatorView[],
  context: Pick<ExportContext, 'linkLabel'>,
): Table {
  return {
    name: 'Indicateurs',
    headers: [
      'Indicateur',
      'Définition',
      'Source',
      'Unité',
      'Périodicité',
      'Sens',
      'Valeur de référence',
      'Cible',
      'Dernière valeur',
      'Période de la dernière valeur',
      'Critères',
    ],
    rows: indicators.map((indicator) => {
      const latest = indicator.measurements.at(-1)
      return [
        indicator.name,
        indicator.definition,
        indicator.source,
        indicator.unit,
        PERIODICITY_LABELS_FR[indicator.periodicity],
        DIRECTION_LABELS_FR[indicator.direction],
        indicator.baseline,
        indicator.cible,
        latest?.value ?? null,
        latest ? periodCell(latest.period) : null,
        list(indicator.links.map(context.linkLabel)),
      ]
    }),
  }
}

/** Every measured value, in the columns the CSV import reads (Indicateur;Période;Valeur;Commentaire). */
export function measurementsTable(indicators: IndicatorView[]): Table {
  return {
    name: 'Valeurs',
    headers: ['Indicateur', 'Période', 'Valeur', 'Commentaire'],
    rows: indicators.flatMap((indicator) =>
      indicator.measurements.map((measurement) => [
        indicator.name,
        periodCell(measurement.period),
        measurement.value,
        measurement.comment,
      ]),
    ),
  }
}

/** A date period is a date cell; a school year stays text ("2025-2026"). */
const periodCell = (period: string): Cell => (/^\d{4}-\d{2}-\d{2}$/.test(period) ? { date: period } : period)
