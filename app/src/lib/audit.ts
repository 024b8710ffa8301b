/** Words for the audit trail: action codes, targets and details, in the reader's language. */
import { parseDocumentName } from '@rouages/shared/document-names'
import { BILAN_STEPS, type BilanStep } from '@rouages/shared/api/bilans'
import { ROLES, type Role } from '@rouages/shared/roles'
import { ACTION_STATES, type ActionState } from '@rouages/shared/workspace/actions'
import { bilanStepLabel, formatCalendarDate } from '#lib/components/bilans/bilan-words.ts'
import { actionStateLabel, formatDateTime, roleLabel } from '#lib/format.ts'
import { m } from '#lib/paraglide/messages.js'

const LABELS: Record<string, () => string> = {
  'etablissement.created': m.audit_etablissement_created,
  'etablissement.updated': m.audit_etablissement_updated,
  'member.role-changed': m.audit_member_role_changed,
  'member.removed': m.audit_member_removed,
  'member.left': m.audit_member_left,
  'invitation.created': m.audit_invitation_created,
  'invitation.revoked': m.audit_invitation_revoked,
  'invitation.accepted': m.audit_invitation_accepted,
  'document.edited': m.audit_document_edited,
  'action.created': m.audit_action_created,
  'action.deleted': m.audit_action_deleted,
  'action.state-changed': m.audit_action_state_changed,
  'indicator.created': m.audit_indicator_created,
  'indicator.deleted': m.audit_indicator_deleted,
  'indicator.measured': m.audit_indicator_measured,
  'school-year.opened': m.bilans_audit_year_opened,
  'seance.opened': m.audit_seance_opened,
  'seance.ended': m.audit_seance_ended,
  'bilan.frozen': m.bilans_audit_frozen,
  'bilan.step': m.bilans_audit_step,
  'bilan.shared': m.bilans_audit_shared,
  'bilan.share-revoked': m.bilans_audit_share_revoked,
}

/** The codes offered in the "Action" filter. */
export const KNOWN_AUDIT_ACTIONS = Object.keys(LABELS)

export function auditActionLabel(action: string): string {
  return LABELS[action]?.() ?? action
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value)
const isActionState = (value: unknown): value is ActionState =>
  typeof value === 'string' && (ACTION_STATES as readonly string[]).includes(value)
const isBilanStep = (value: unknown): value is BilanStep =>
  typeof value === 'string' && (BILAN_STEPS as readonly string[]).includes(value)
const text = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value)

/**
 * What an event acted on, in words: a member's name, a document's kind, an invitation. Raw
 * identifiers mean nothing to a reader, so they only show for actions this app does not know.
 */
export function auditTarget(
  action: string,
  target: string | null,
  names: ReadonlyMap<string, string>,
  details: Record<string, unknown> = {},
): string {
  if (target === null) return '—'
  // The server records a member's name with the event, so people who left are still named.
  const name = names.get(target) ?? (typeof details.targetName === 'string' ? details.targetName : undefined)
  if (name) return name
  if (action.startsWith('member.')) return m.audit_target_former_member()
  if (action.startsWith('invitation.')) return m.audit_target_invitation()
  const document = parseDocumentName(target)
  if (document?.kind === 'notes') return m.notes_label()
  if (document?.kind === 'annee') return m.audit_target_year({ year: document.rest[0] ?? '' })
  if (action.startsWith('etablissement.')) return '—'
  return target
}

/** An event's details as short lines, worded for the known actions. */
export function auditDetails(action: string, details: Record<string, unknown>): string[] {
  const { role, from, to, email, expiresAt, updates, uai, name, title, measurements } = details
  const { step, onDate, label, schoolYear, fromBilan } = details
  switch (action) {
    case 'seance.opened':
    case 'seance.ended':
    case 'action.created':
    case 'action.deleted':
      if (typeof title === 'string') return [title]
      break
    case 'action.state-changed':
      if (typeof title === 'string' && isActionState(from) && isActionState(to))
        return [title, `${actionStateLabel(from)} → ${actionStateLabel(to)}`]
      break
    case 'indicator.created':
    case 'indicator.deleted':
      if (typeof name === 'string') return [name]
      break
    case 'indicator.measured':
      if (typeof name === 'string' && typeof measurements === 'number')
        return [name, m.audit_detail_measurements({ count: measurements })]
      break
    case 'school-year.opened':
      if (typeof schoolYear === 'string') {
        const source = fromBilan as { schoolYear?: unknown } | null | undefined
        return [
          m.audit_target_year({ year: schoolYear }),
          typeof source?.schoolYear === 'string'
            ? m.bilans_audit_from_bilan({ year: source.schoolYear })
            : m.bilans_audit_from_scratch(),
        ]
      }
      break
    case 'bilan.frozen':
    case 'bilan.share-revoked':
      if (typeof name === 'string') return [name]
      break
    case 'bilan.step':
      if (typeof name === 'string' && isBilanStep(step))
        return [
          name,
          typeof onDate === 'string'
            ? m.bilans_audit_step_on({ step: bilanStepLabel(step), date: formatCalendarDate(onDate) })
            : bilanStepLabel(step),
        ]
      break
    case 'bilan.shared':
      if (typeof name === 'string' && typeof expiresAt === 'string')
        return [
          name,
          typeof label === 'string' && label ? label : m.bilans_share_no_label(),
          m.audit_detail_expires({ date: formatDateTime(expiresAt) }),
        ]
      break
    case 'member.role-changed':
      if (isRole(from) && isRole(to)) return [`${roleLabel(from)} → ${roleLabel(to)}`]
      break
    case 'member.removed':
    case 'member.left':
    case 'invitation.accepted':
      if (isRole(role)) return [m.audit_detail_role({ role: roleLabel(role) })]
      break
    case 'invitation.created':
      if (isRole(role)) {
        return [
          typeof email === 'string' ? email : m.invitations_link_only(),
          m.audit_detail_role({ role: roleLabel(role) }),
          ...(typeof expiresAt === 'string'
            ? [m.audit_detail_expires({ date: formatDateTime(expiresAt) })]
            : []),
        ]
      }
      break
    case 'etablissement.created':
      if (typeof uai === 'string' && typeof name === 'string') return [name, `UAI ${uai}`]
      break
    case 'document.edited':
      if (typeof updates === 'number' && typeof from === 'string' && typeof to === 'string') {
        return [m.audit_detail_edits({ count: updates }), `${formatDateTime(from)} → ${formatDateTime(to)}`]
      }
      break
  }
  return Object.entries(details).map(([key, value]) => m.audit_detail_pair({ key, value: text(value) }))
}
