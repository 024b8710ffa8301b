import { LYCEE_DES_METIERS } from './lycee-des-metiers.ts'
import { OTHER_LABELS } from './other-labels.ts'
import type { FrameworkDefinition } from '../api/frameworks.ts'
import { SCALES } from './scales.ts'
import type { Framework } from './types.ts'

/** Every framework Rouages ships, the national Lycée des métiers one first. */
export const SHIPPED_FRAMEWORKS: readonly Framework[] = [LYCEE_DES_METIERS, ...OTHER_LABELS]

/** A shipped framework with its scale, in the editable definition form of the library. */
export function shippedDefinition(id: string): FrameworkDefinition | undefined {
  const framework = SHIPPED_FRAMEWORKS.find((f) => f.id === id)
  const scale = SCALES.find((s) => s.id === framework?.scaleId)
  if (!framework || !scale) return undefined
  return {
    id: framework.id,
    label: framework.label,
    ...(framework.cycleYears === undefined ? {} : { cycleYears: framework.cycleYears }),
    scale: structuredClone(scale),
    criteria: framework.criteria.map((c) => ({
      ...c,
      descriptors: c.descriptors.map((d) => ({ ...d, expectations: d.expectations ?? '' })),
    })),
  }
}
