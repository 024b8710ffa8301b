/** The name of each field of an action, as the editor labels it (presence says who is on which). */
import { m } from '#lib/paraglide/messages.js'

const FIELD_LABELS: Record<string, () => string> = {
  title: m.plan_field_title,
  description: m.plan_field_description,
  objective: m.plan_field_objective,
  links: m.plan_field_links,
  measures: m.plan_field_measures,
  pilote: m.plan_field_pilote,
  acteurs: m.plan_field_acteurs,
  echeance: m.plan_field_echeance,
  moyens: m.plan_field_moyens,
  etat: m.plan_field_etat,
  pdca: m.plan_field_pdca,
  indicators: m.plan_field_indicators,
  cible: m.plan_field_cible,
  efficacite: m.plan_field_efficacite,
  bilan: m.plan_field_bilan_text,
}

export function actionFieldLabel(field: string): string | undefined {
  return FIELD_LABELS[field]?.()
}

/** `action:<id>:<field>` → its parts, if it is an action's field. */
export function parseActionField(key: string | null): { actionId: string; field: string } | undefined {
  const match = key ? /^action:([^:]+):([^:]+)$/.exec(key) : null
  return match?.[1] && match[2] ? { actionId: match[1], field: match[2] } : undefined
}
