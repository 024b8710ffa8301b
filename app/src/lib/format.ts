/** Dates and role names in the language of the page. */
import { ROLE_LABELS_EN, ROLE_LABELS_FR, type Role } from '@rouages/shared/roles'
import type { ActionState } from '@rouages/shared/workspace/actions'
import { m } from '#lib/paraglide/messages.js'
import { getLocale } from '#lib/paraglide/runtime.js'

export function roleLabel(role: Role): string {
  return (getLocale() === 'en' ? ROLE_LABELS_EN : ROLE_LABELS_FR)[role]
}

const ACTION_STATE_MESSAGES: Record<ActionState, () => string> = {
  'a-lancer': m.plan_state_a_lancer,
  'en-cours': m.plan_state_en_cours,
  realisee: m.plan_state_realisee,
  reportee: m.plan_state_reportee,
  abandonnee: m.plan_state_abandonnee,
}

/** "En cours" */
export function actionStateLabel(state: ActionState): string {
  return ACTION_STATE_MESSAGES[state]()
}

/** "12 mars 2026" */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long' }).format(new Date(iso))
}

/** "12 mars 2026 à 14:05" */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso))
}
