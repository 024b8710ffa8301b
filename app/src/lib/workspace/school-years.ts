/**
 * School years (« années scolaires ») as the app proposes and lists them, and the links given as
 * preuves. Pure functions, tested beside this file. The year format itself (`isSchoolYear`) and
 * the document name are shared with the server (`@rouages/shared/document-names`).
 */
import type { SchoolYear } from '@rouages/shared/api/school-years'

/** The school year `date` falls in: September starts a new one (local time). */
export function schoolYearOf(date: Date): string {
  const start = date.getMonth() >= 8 ? date.getFullYear() : date.getFullYear() - 1
  return `${start}-${start + 1}`
}

/** The year after `schoolYear` (`2025-2026` → `2026-2027`). */
export function nextSchoolYear(schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4)) + 1
  return `${start}-${start + 1}`
}

/** The year before `schoolYear` (`2025-2026` → `2024-2025`). */
export function previousSchoolYear(schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4)) - 1
  return `${start}-${start + 1}`
}

/** What the form proposes: the current school year, then the next one. */
export function proposedSchoolYears(today: Date): [string, string] {
  const current = schoolYearOf(today)
  return [current, nextSchoolYear(current)]
}

/** Newest first, whatever order the server used. */
export function newestFirst(years: readonly SchoolYear[]): SchoolYear[] {
  return [...years].sort((a, b) => b.schoolYear.localeCompare(a.schoolYear))
}

/**
 * A link given as a preuve: only http(s) addresses, returned in their normal form; anything else
 * (javascript:, data:, relative paths, spaces) is refused with `undefined`.
 */
export function safeHttpUrl(raw: string): string | undefined {
  const text = raw.trim()
  if (!text || /\s/.test(text)) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (!url.hostname) return undefined
  return url.href
}
