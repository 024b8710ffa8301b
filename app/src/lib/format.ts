/** Dates and role names in the language of the page. */
import { ROLE_LABELS_EN, ROLE_LABELS_FR, type Role } from '@rouages/shared/roles'
import { getLocale } from '#lib/paraglide/runtime.js'

export function roleLabel(role: Role): string {
  return (getLocale() === 'en' ? ROLE_LABELS_EN : ROLE_LABELS_FR)[role]
}

/** "12 mars 2026" */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long' }).format(new Date(iso))
}

/** "12 mars 2026 à 14:05" */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso))
}
