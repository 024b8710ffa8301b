/** Words for bilans in the reader's language: the approval trail's steps, dates, mean levels. */
import type { BilanStep } from '@rouages/shared/api/bilans'
import { formatDate } from '#lib/format.ts'
import { m } from '#lib/paraglide/messages.js'
import { getLocale } from '#lib/paraglide/runtime.js'

const STEP_LABELS: Record<BilanStep, () => string> = {
  approved: m.bilans_step_approved,
  'presented-cp': m.bilans_step_presented_cp,
  'presented-ca': m.bilans_step_presented_ca,
}

/** "Présenté au conseil pédagogique" */
export function bilanStepLabel(step: BilanStep): string {
  return STEP_LABELS[step]()
}

/** The first characters of a digest, enough to tell two versions apart at a glance. */
export const shortDigest = (digest: string): string => digest.slice(0, 12)

/** "10 juin 2026" for a calendar date (AAAA-MM-JJ), read at midday so no time zone moves it. */
export const formatCalendarDate = (isoDate: string): string => formatDate(`${isoDate}T12:00:00`)

/** A criterion's mean position on its scale in words: "Consolidé (3,5 sur 4)". */
export function meanLevelLabel(mean: number | null, levels: ReadonlyArray<{ label: string }>): string {
  if (mean === null) return m.bilans_not_positioned()
  return m.bilans_mean_level({
    level: levels[Math.round(mean)]?.label ?? '',
    value: new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1 }).format(mean + 1),
    max: levels.length,
  })
}
