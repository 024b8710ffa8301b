/**
 * French typography and formats for printed documents (reports): non-breaking spaces where French
 * puts a space before high punctuation and inside guillemets, dates written out ("25 juin 2026"),
 * decimal commas ("12,5"). Pure and locale-independent, so every renderer and every machine
 * writes the same text.
 */

/** No-break space: keeps « : ; ! ? » on the line of the word before, and « » with their words. */
export const NBSP = '\u00A0'

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const

/**
 * Text typed by people, set in French: straight apostrophes and quotes become ’ and « », a
 * no-break space goes before : ; ! ? % and inside guillemets — replacing an ordinary space, or
 * added when the word touches the sign (not inside URLs or times, where no space follows).
 */
export function frenchText(text: string): string {
  return (
    text
      // Control characters pasted from other software print as boxes, or not at all; Word's
      // line and page breaks (vertical tab, form feed) become spaces.
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u000B\u000C]/g, ' ')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, '')
      .replace(/(\p{L})'(\p{L})/gu, '$1’$2')
      .replace(/"([^"\n]+)"/g, '«$1»')
      .replace(/«[ \t\u202F\u00A0]*/g, `«${NBSP}`)
      .replace(/[ \t\u202F\u00A0]*»/g, `${NBSP}»`)
      .replace(/[ \t\u202F]+([:;!?%])/g, `${NBSP}$1`)
      .replace(/(\d)%/g, `$1${NBSP}%`)
      // "Attention: …", "Bravo!" — the sign ends a word and is followed by a space or the end.
      .replace(/([\p{L}\p{N})])([:;!?]+)(?=\s|$)/gu, `$1${NBSP}$2`)
  )
}

/** "25 juin 2026", "1er septembre 2025" from "2026-06-25". */
export function frenchDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate)
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined
  if (!match || !month) throw new Error(`not an ISO date: ${isoDate}`)
  const day = Number(match[3])
  return `${day === 1 ? '1er' : day}${NBSP}${month} ${match[1]}`
}

/** The calendar date and time of an instant in a time zone: { date: 'YYYY-MM-DD', hour, minute }. */
function localParts(isoDateTime: string, timeZone: string) {
  const instant = new Date(isoDateTime)
  if (Number.isNaN(instant.getTime())) throw new Error(`not an ISO date-time: ${isoDateTime}`)
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: parts.minute }
}

/** "25 juin 2026" for an instant, on the calendar of the school's time zone. */
export function frenchDateOf(isoDateTime: string, timeZone: string): string {
  return frenchDate(localParts(isoDateTime, timeZone).date)
}

/** "25 juin 2026 à 14 h 05" for an instant, in the school's time zone. */
export function frenchDateTime(isoDateTime: string, timeZone: string): string {
  const { date, hour, minute } = localParts(isoDateTime, timeZone)
  return `${frenchDate(date)} à ${hour}${NBSP}h${NBSP}${minute}`
}

/**
 * "12,5", "-3", "12 345,25": a decimal comma, at most two decimals, and digits grouped by three
 * (with no-break spaces) from five digits on, as French typography does.
 */
export function frenchNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`)
  const [whole = '0', decimals] = String(Math.abs(Math.round(value * 100) / 100)).split('.')
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, NBSP) : whole
  const sign = value < 0 && (whole !== '0' || decimals) ? '-' : ''
  return `${sign}${grouped}${decimals ? `,${decimals}` : ''}`
}

/** "86 %", "12,5 jours", or the bare number when there is no unit. */
export function withUnit(value: number, unit: string): string {
  return unit.trim() ? `${frenchNumber(value)}${NBSP}${unit.trim()}` : frenchNumber(value)
}

/** A measurement period: a date written out, or a school year as it is ("2025-2026"). */
export function frenchPeriod(period: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(period) ? frenchDate(period) : period
}
