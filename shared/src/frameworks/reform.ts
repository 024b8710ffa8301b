import type { CrosswalkLink, ReformMeasure } from './types.ts'

/** The 2023 lycée professionnel reform measures, with the short labels of Fiche 4. */
export const REFORM_MEASURES: readonly ReformMeasure[] = [
  { id: 'reforme-1', number: 1, label: 'Gratification PFMP' },
  { id: 'reforme-2', number: 2, label: 'Enseignement des savoirs fondamentaux en classes réduites' },
  { id: 'reforme-3', number: 3, label: 'Choix d’options' },
  { id: 'reforme-4', number: 4, label: 'Parcours différencié en classe de terminale Bac Pro' },
  {
    id: 'reforme-5',
    number: 5,
    label:
      'Nouveaux dispositifs pour prévenir les risques de décrochage pendant et après le lycée (Tous droits ouverts, Ambition emploi, parcours de consolidation en BTS)',
  },
  {
    id: 'reforme-6',
    number: 6,
    label:
      'Mieux préparer l’insertion professionnelle grâce à des partenariats extérieurs, développement du mentorat',
  },
  {
    id: 'reforme-7',
    number: 7,
    label: 'Adapter l’offre de formation pour préparer l’avenir professionnel des jeunes',
  },
  { id: 'reforme-8', number: 8, label: 'Ouverture de places de spécialisation Bac + 1' },
  { id: 'reforme-9', number: 9, label: 'Bureau des entreprises' },
  { id: 'reforme-10', number: 10, label: 'PACTE LP' },
]

/** Fiche 4's table: which reform measures each national criterion relates to. */
const FICHE_4: Readonly<Record<number, readonly number[]>> = {
  1: [7, 8, 9],
  2: [5, 7, 9, 10],
  3: [2, 3, 4, 5, 6, 9, 10],
  4: [5, 6, 7, 9],
  5: [3, 10],
  6: [3, 10],
  7: [1, 4, 5],
  8: [9],
}

/** The default crosswalk shipped with Rouages (user-editable afterwards). */
export const DEFAULT_REFORM_CROSSWALK: readonly CrosswalkLink[] = Object.entries(FICHE_4).flatMap(
  ([criterion, measures]) =>
    measures.map((measure) => ({ from: `ldm-${criterion}`, to: `reforme-${measure}` })),
)
