/** Numbers, values with their unit and periods as the indicators page shows them. */
import { parseDecimal } from '@rouages/shared/indicators/import-csv'
import type { Direction, Periodicity } from '@rouages/shared/indicators/catalogue'
import type { Trend } from '@rouages/shared/workspace/indicators'
import { m } from '#lib/paraglide/messages.js'
import { getLocale } from '#lib/paraglide/runtime.js'

/** "12,5" in French, "12.5" in English; at most two decimals. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 2 }).format(value)
}

/** "84,5 %", "12 élèves"; the number alone without a unit. */
export function formatValue(value: number, unit: string): string {
  return unit ? `${formatNumber(value)}\u00a0${unit}` : formatNumber(value)
}

/** A number typed by a person ("12,5", "12.5", "12 500", "85 %"); `null` for an empty field. */
export function parseNumberInput(text: string): { value: number | null } | { error: string } {
  if (text.trim() === '') return { value: null }
  const value = parseDecimal(text)
  return value === undefined ? { error: m.indicators_number_invalid() } : { value }
}

/** "2025-2026" as it is; "2026-03-15" → "15 mars 2026". */
export function formatPeriod(period: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period)) return period
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${period}T00:00:00Z`),
  )
}

const PERIODICITY_MESSAGES: Record<Periodicity, () => string> = {
  annuelle: m.indicators_periodicity_annuelle,
  semestrielle: m.indicators_periodicity_semestrielle,
  trimestrielle: m.indicators_periodicity_trimestrielle,
  mensuelle: m.indicators_periodicity_mensuelle,
  ponctuelle: m.indicators_periodicity_ponctuelle,
}
export const periodicityLabel = (periodicity: Periodicity): string => PERIODICITY_MESSAGES[periodicity]()

const DIRECTION_MESSAGES: Record<Direction, () => string> = {
  hausse: m.indicators_direction_hausse,
  baisse: m.indicators_direction_baisse,
}
export const directionLabel = (direction: Direction): string => DIRECTION_MESSAGES[direction]()

/**
 * What a trend is called. `unknown` covers two cases people must tell apart: nothing measured yet,
 * and a first value with nothing (no baseline) to compare it with.
 */
export function trendLabel(trend: Trend, measured: boolean): string {
  switch (trend) {
    case 'reached':
      return m.indicators_trend_reached()
    case 'improving':
      return m.indicators_trend_improving()
    case 'worsening':
      return m.indicators_trend_worsening()
    case 'steady':
      return m.indicators_trend_steady()
    case 'unknown':
      return measured ? m.indicators_trend_first() : m.indicators_trend_unmeasured()
  }
}
