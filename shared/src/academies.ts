/** The 30 académies of France (2020 map), the values accepted for an établissement. */
export const ACADEMIES = [
  'Aix-Marseille',
  'Amiens',
  'Besançon',
  'Bordeaux',
  'Clermont-Ferrand',
  'Corse',
  'Créteil',
  'Dijon',
  'Grenoble',
  'Guadeloupe',
  'Guyane',
  'La Réunion',
  'Lille',
  'Limoges',
  'Lyon',
  'Martinique',
  'Mayotte',
  'Montpellier',
  'Nancy-Metz',
  'Nantes',
  'Nice',
  'Normandie',
  'Orléans-Tours',
  'Paris',
  'Poitiers',
  'Reims',
  'Rennes',
  'Strasbourg',
  'Toulouse',
  'Versailles',
] as const
export type Academie = (typeof ACADEMIES)[number]

/** Types of établissement that may hold the label. */
export const ETABLISSEMENT_TYPES = ['LP', 'LPO', 'EREA', 'LGT', 'Autre'] as const
export type EtablissementType = (typeof ETABLISSEMENT_TYPES)[number]
