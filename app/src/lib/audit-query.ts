/** The audit trail's filters as API query strings (the JSON pages and the CSV export alike). */

/** The trail's filters as the form holds them: dates are `yyyy-mm-dd` days. */
export interface AuditFilters {
  action: string
  actor: string
  from: string
  to: string
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: '', actor: '', from: '', to: '' }

/** `?action=…&from=…` for the API (JSON page and CSV export alike); empty without filters. */
export function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams()
  if (filters.action) params.set('action', filters.action)
  if (filters.actor) params.set('actor', filters.actor)
  // Days in the reader's time zone: from the first to the last millisecond of each.
  if (filters.from) params.set('from', new Date(`${filters.from}T00:00:00`).toISOString())
  if (filters.to) params.set('to', new Date(`${filters.to}T23:59:59.999`).toISOString())
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  const text = params.toString()
  return text ? `?${text}` : ''
}
