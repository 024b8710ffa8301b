/** "Modifié par Claire Martin à 14:32" (today) or "… le 12 mars à 14:32", in the page's language. */
import type { Attribution } from '@rouages/shared/workspace/schema'
import { m } from '#lib/paraglide/messages.js'
import { getLocale } from '#lib/paraglide/runtime.js'

export function attributionText(attribution: Attribution | undefined, now = new Date()): string | undefined {
  if (!attribution) return undefined
  const at = new Date(attribution.at)
  if (Number.isNaN(at.getTime())) return m.grid_modified_by({ name: attribution.name })
  const locale = getLocale()
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at)
  if (at.toDateString() === now.toDateString()) return m.grid_modified_by_at({ name: attribution.name, time })
  const date = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    ...(at.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  }).format(at)
  return m.grid_modified_by_on({ name: attribution.name, date, time })
}
