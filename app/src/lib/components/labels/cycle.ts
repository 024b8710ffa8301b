/**
 * Where a labelling cycle stands (H2) and what the label form proposes. A cycle 2023 → 2028 covers
 * the school years 2023-2024 to 2027-2028 (`cycleSchoolYears`); in 2025-2026 it is in its 3rd year
 * of 5. Pure, tested beside this file.
 */
import { schoolYearOf } from '#lib/workspace/school-years.ts'

export type CyclePosition =
  { kind: 'before' } | { kind: 'during'; year: number; total: number } | { kind: 'after' }

/** The year of the cycle `today` falls in (September starts a school year), or before / after it. */
export function cyclePosition(cycleStart: number, cycleEnd: number, today: Date): CyclePosition {
  const start = Number(schoolYearOf(today).slice(0, 4))
  if (start < cycleStart) return { kind: 'before' }
  if (start >= cycleEnd) return { kind: 'after' }
  return { kind: 'during', year: start - cycleStart + 1, total: cycleEnd - cycleStart }
}

/** Cycle length when the framework does not say: the Lycée des métiers label's 5 years. */
export const DEFAULT_CYCLE_YEARS = 5

/** A new label's cycle: from the current school year, for the framework's cycle length. */
export function proposedCycle(
  today: Date,
  cycleYears: number | undefined,
): { cycleStart: number; cycleEnd: number } {
  const cycleStart = Number(schoolYearOf(today).slice(0, 4))
  return { cycleStart, cycleEnd: cycleStart + (cycleYears ?? DEFAULT_CYCLE_YEARS) }
}
