/**
 * Échéances are calendar dates (YYYY-MM-DD) with no time zone: read them as local dates, never as
 * UTC midnights (which show the day before west of Greenwich).
 */
import { getLocale } from '#lib/paraglide/runtime.js'

const localDate = (iso: string) => new Date(`${iso}T00:00:00`)

/** "20 mars 2026" */
export function formatEcheance(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(
    localDate(iso),
  )
}

/** "20 mars" (the month and year are the heading above). */
export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { day: 'numeric', month: 'long' }).format(localDate(iso))
}

/** "Mars 2026" for "2026-03" (a heading: capitalised). */
export function formatMonth(month: string): string {
  const text = new Intl.DateTimeFormat(getLocale(), { month: 'long', year: 'numeric' }).format(
    localDate(`${month}-01`),
  )
  return text.charAt(0).toLocaleUpperCase(getLocale()) + text.slice(1)
}
