/**
 * Indicators schools commonly follow (DOMAIN.md, « Indicators commonly followed »), offered to pick
 * from when adding an indicator to a year (D1). Definitions are short and factual; the school
 * adjusts them, sets its baseline and cible, and enters its own values.
 */
export type Periodicity = 'annuelle' | 'semestrielle' | 'trimestrielle' | 'mensuelle' | 'ponctuelle'
/** Which way is better: a rising success rate, a falling absenteeism. */
export type Direction = 'hausse' | 'baisse'

export interface CatalogueIndicator {
  id: string
  name: string
  definition: string
  source: string
  unit: string
  periodicity: Periodicity
  direction: Direction
  /** A group for the picker. */
  family: string
}

export const PERIODICITY_LABELS_FR: Record<Periodicity, string> = {
  annuelle: 'Annuelle',
  semestrielle: 'Semestrielle',
  trimestrielle: 'Trimestrielle',
  mensuelle: 'Mensuelle',
  ponctuelle: 'Ponctuelle',
}

export const DIRECTION_LABELS_FR: Record<Direction, string> = {
  hausse: 'Plus haut est mieux',
  baisse: 'Plus bas est mieux',
}

const inserJeunes = (id: string, name: string, definition: string): CatalogueIndicator => ({
  id,
  name,
  definition,
  source: 'InserJeunes (DEPP / Dares)',
  unit: '%',
  periodicity: 'annuelle',
  direction: 'hausse',
  family: 'InserJeunes',
})

export const INDICATOR_CATALOGUE: readonly CatalogueIndicator[] = [
  inserJeunes(
    'ij-poursuite-etudes',
    'Taux de poursuite d’études',
    'Part des sortants d’une année terminale inscrits en formation l’année suivante.',
  ),
  {
    ...inserJeunes(
      'ij-interruption',
      'Taux d’interruption en cours de formation',
      'Part des élèves et apprentis qui interrompent leur formation avant son terme.',
    ),
    direction: 'baisse',
  },
  inserJeunes(
    'ij-emploi-6-mois',
    'Taux d’emploi à 6 mois',
    'Part des sortants en emploi salarié 6 mois après leur sortie.',
  ),
  inserJeunes(
    'ij-emploi-12-mois',
    'Taux d’emploi à 12 mois',
    'Part des sortants en emploi salarié 12 mois après leur sortie.',
  ),
  inserJeunes(
    'ij-emploi-18-mois',
    'Taux d’emploi à 18 mois',
    'Part des sortants en emploi salarié 18 mois après leur sortie.',
  ),
  inserJeunes(
    'ij-emploi-24-mois',
    'Taux d’emploi à 24 mois',
    'Part des sortants en emploi salarié 24 mois après leur sortie.',
  ),
  {
    ...inserJeunes(
      'ij-valeur-ajoutee',
      'Valeur ajoutée de l’établissement (insertion)',
      'Écart entre le taux d’emploi constaté et le taux attendu compte tenu du profil des élèves.',
    ),
    unit: 'points',
  },
  ...(['CAP', 'bac pro', 'BTS'] as const).map((exam): CatalogueIndicator => ({
    id: `reussite-${exam.toLowerCase().replace(' ', '-')}`,
    name: `Taux de réussite au ${exam}`,
    definition: `Part des candidats présentés au ${exam} qui obtiennent le diplôme (session de juin).`,
    source: 'Résultats aux examens (académie)',
    unit: '%',
    periodicity: 'annuelle',
    direction: 'hausse',
    family: 'Examens',
  })),
  {
    id: 'absenteisme',
    name: 'Taux d’absentéisme',
    definition: 'Part des élèves absents plus de quatre demi-journées par mois, non justifiées.',
    source: 'Vie scolaire (logiciel de suivi des absences)',
    unit: '%',
    periodicity: 'mensuelle',
    direction: 'baisse',
    family: 'Vie scolaire',
  },
  {
    id: 'decrocheurs',
    name: 'Élèves décrocheurs',
    definition: 'Nombre d’élèves sortis sans diplôme ni solution, suivis par le GPDS (chiffre agrégé).',
    source: 'GPDS / plateforme de suivi et d’appui aux décrocheurs',
    unit: 'élèves',
    periodicity: 'annuelle',
    direction: 'baisse',
    family: 'Vie scolaire',
  },
  {
    id: 'partenaires-pfmp',
    name: 'Entreprises partenaires des PFMP',
    definition: 'Nombre d’entreprises ayant accueilli au moins un élève en PFMP dans l’année.',
    source: 'Conventions de PFMP (bureau des entreprises)',
    unit: 'entreprises',
    periodicity: 'annuelle',
    direction: 'hausse',
    family: 'Partenariats',
  },
  {
    id: 'mobilites-erasmus',
    name: 'Mobilités Erasmus+',
    definition: 'Nombre d’élèves et de personnels partis en mobilité Erasmus+ dans l’année.',
    source: 'Dossiers Erasmus+ (DAREIC)',
    unit: 'mobilités',
    periodicity: 'annuelle',
    direction: 'hausse',
    family: 'Ouverture',
  },
  {
    id: 'actions-culturelles',
    name: 'Actions culturelles',
    definition: 'Nombre d’actions culturelles et artistiques conduites avec des élèves.',
    source: 'Volet culturel du projet d’établissement',
    unit: 'actions',
    periodicity: 'annuelle',
    direction: 'hausse',
    family: 'Ouverture',
  },
  {
    id: 'apprentis-publics-mixtes',
    name: 'Apprentis en parcours mixte',
    definition: 'Nombre d’apprentis accueillis, dont ceux en mixité de publics ou de parcours.',
    source: 'Base élèves / UFA',
    unit: 'apprentis',
    periodicity: 'annuelle',
    direction: 'hausse',
    family: 'Publics',
  },
  {
    id: 'attractivite-voeux',
    name: 'Attractivité (vœux en premier rang)',
    definition:
      'Nombre de vœux de rang 1 pour les formations de l’établissement rapporté aux places offertes.',
    source: 'Affelnet / Parcoursup',
    unit: 'vœux par place',
    periodicity: 'annuelle',
    direction: 'hausse',
    family: 'Attractivité',
  },
]

export function catalogueIndicator(id: string): CatalogueIndicator | undefined {
  return INDICATOR_CATALOGUE.find((indicator) => indicator.id === id)
}
