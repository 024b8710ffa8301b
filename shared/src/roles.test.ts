import { describe, expect, it } from 'vitest'
import { ACTIONS, can, canAssignRole, ROLES } from './roles.ts'

/**
 * The permission table, written out. The integration matrix checks the server enforces
 * `can()`; this pins what `can()` says, so a change to it is a deliberate change here too.
 */
const EXPECTED = {
  owner: [
    'etablissement.read',
    'etablissement.update',
    'members.read',
    'members.manage',
    'invitations.manage',
    'audit.read',
    'workspace.read',
    'workspace.edit',
    'workspace.manage',
    'bilan.approve',
  ],
  facilitator: [
    'etablissement.read',
    'members.read',
    'members.manage',
    'invitations.manage',
    'audit.read',
    'workspace.read',
    'workspace.edit',
    'workspace.manage',
  ],
  contributor: ['etablissement.read', 'members.read', 'workspace.read', 'workspace.edit'],
  reader: ['etablissement.read', 'members.read', 'workspace.read'],
  reviewer: ['etablissement.read'],
} as const

describe('permission table', () => {
  it.each(ROLES)('%s may do exactly what the table says', (role) => {
    expect(ACTIONS.filter((action) => can(role, action))).toEqual(EXPECTED[role])
  })

  it('only owners assign the owner role; facilitators assign every other role', () => {
    expect(canAssignRole('owner', 'owner')).toBe(true)
    expect(canAssignRole('facilitator', 'owner')).toBe(false)
    for (const role of ['facilitator', 'contributor', 'reader', 'reviewer'] as const) {
      expect(canAssignRole('facilitator', role)).toBe(true)
      expect(canAssignRole('contributor', role)).toBe(false)
      expect(canAssignRole('reader', role)).toBe(false)
    }
  })
})
