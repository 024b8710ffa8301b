/**
 * Frameworks (référentiels / cahiers des charges) as plain data (B1): criteria, descriptors and
 * a scale of levels. Versioned: a grid records the framework id and version it was filled
 * against, so editing a framework never rewrites a grid already filled.
 */

/** One level of a scale: a colour *and* a word *and* a pattern, so it reads without colour. */
export interface Level {
  id: string
  label: string
  description: string
  /** Hex colour with AA contrast against white text. */
  color: string
  /** Name of the pattern/icon drawn with the colour (for print, projectors, colour-blindness). */
  pattern: 'empty' | 'quarter' | 'half' | 'three-quarters' | 'full' | 'cross' | 'dash' | 'check'
}

export interface Scale {
  id: string
  label: string
  /** Ordered from the lowest to the highest level. */
  levels: Level[]
}

export interface Descriptor {
  id: string
  text: string
  expectations?: string
}

export interface Criterion {
  id: string
  /** Display number, e.g. "1"…"8". */
  number: string
  title: string
  /** Short title for narrow screens and the projector. */
  shortTitle: string
  descriptors: Descriptor[]
}

export interface Framework {
  id: string
  version: number
  label: string
  /** national | académie | établissement | autre label */
  layer: 'national' | 'academie' | 'etablissement' | 'label'
  /** Cycle length in years, when the label has one. */
  cycleYears?: number
  scaleId: string
  criteria: Criterion[]
}

/** A measure of the 2023 lycée professionnel reform (Fiche 4). */
export interface ReformMeasure {
  id: string
  number: number
  label: string
}

/** A many-to-many link between items of different frameworks or measures (user-editable data). */
export interface CrosswalkLink {
  from: string
  to: string
}
