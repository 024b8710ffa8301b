/**
 * The versions a comparison names in its address (E3): a bilan of the year shown (`<bilanId>`), a
 * bilan of another year (`<annee>/<bilanId>`), or today's live workspace (`live`).
 */
import { isSchoolYear } from '@rouages/shared/document-names'

export type VersionRef = { kind: 'bilan'; schoolYear: string; bilanId: string } | { kind: 'live' }

const BILAN_ID = /^[a-z2-7]{16,32}$/

/** Reads a version from the address; undefined when absent, `'invalid'` when it names nothing. */
export function parseVersionRef(
  value: string | null,
  schoolYear: string,
  allowLive: boolean,
): VersionRef | 'invalid' | undefined {
  if (value === null || value === '') return undefined
  if (value === 'live') return allowLive ? { kind: 'live' } : 'invalid'
  const [first, second, ...rest] = value.split('/')
  if (rest.length > 0 || first === undefined) return 'invalid'
  if (second === undefined)
    return BILAN_ID.test(first) ? { kind: 'bilan', schoolYear, bilanId: first } : 'invalid'
  return isSchoolYear(first) && BILAN_ID.test(second)
    ? { kind: 'bilan', schoolYear: first, bilanId: second }
    : 'invalid'
}

/** The address form of a version, relative to the year shown. */
export function formatVersionRef(ref: VersionRef, schoolYear: string): string {
  if (ref.kind === 'live') return 'live'
  return ref.schoolYear === schoolYear ? ref.bilanId : `${ref.schoolYear}/${ref.bilanId}`
}
