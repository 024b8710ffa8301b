/**
 * Roles in an établissement and the one permission table used by the HTTP middleware, the
 * WebSocket authentication and the UI (which disables what a role cannot do).
 */

export const ROLES = ['owner', 'facilitator', 'contributor', 'reader', 'reviewer'] as const
export type Role = (typeof ROLES)[number]

/** French labels (DOMAIN.md vocabulary). */
export const ROLE_LABELS_FR: Record<Role, string> = {
  owner: "Chef d'établissement",
  facilitator: 'Référent Lycée des métiers',
  contributor: 'Contributeur',
  reader: 'Lecteur',
  reviewer: 'Relecteur invité',
}

export const ROLE_LABELS_EN: Record<Role, string> = {
  owner: 'Head of school',
  facilitator: 'Lycée des métiers lead',
  contributor: 'Contributor',
  reader: 'Reader',
  reviewer: 'Invited reviewer',
}

/** Everything a role may be allowed to do, named by what it acts on. */
export const ACTIONS = [
  'etablissement.read',
  'etablissement.update',
  'members.read',
  'members.manage',
  'invitations.manage',
  'audit.read',
  'workspace.read',
  'workspace.edit',
  /** Open a school year, choose its frameworks. */
  'workspace.manage',
  'bilan.approve',
] as const
export type Action = (typeof ACTIONS)[number]

const all: readonly Action[] = ACTIONS
const PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  owner: new Set(all),
  facilitator: new Set<Action>([
    'etablissement.read',
    'members.read',
    'members.manage',
    'invitations.manage',
    'audit.read',
    'workspace.read',
    'workspace.edit',
    'workspace.manage',
  ]),
  contributor: new Set<Action>(['etablissement.read', 'members.read', 'workspace.read', 'workspace.edit']),
  reader: new Set<Action>(['etablissement.read', 'members.read', 'workspace.read']),
  // Reviewers see only what is explicitly shared with them (bilans, in a later version).
  reviewer: new Set<Action>(['etablissement.read']),
}

/** Whether `role` may perform `action`. */
export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].has(action)
}

/**
 * Roles that `actor` may grant, change or remove: only an owner touches owners; a facilitator
 * manages everyone else.
 */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (!can(actor, 'members.manage')) return false
  return target !== 'owner' || actor === 'owner'
}
