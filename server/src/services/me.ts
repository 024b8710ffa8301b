import type { Me } from '@rouages/shared/api/auth'
import type { SessionUser } from '../auth/sessions.ts'
import type { Etablissements } from './etablissements.ts'

/** The signed-in user with the établissements they belong to (GET /api/auth/me and friends). */
export async function describeMe(user: SessionUser, etablissements: Etablissements): Promise<Me> {
  const etabs = await etablissements.listForUser(user.id)
  return {
    user: { id: user.id, email: user.email, displayName: user.displayName },
    memberships: etabs.map((e) => ({
      etablissement: { id: e.id, uai: e.uai, name: e.name, academie: e.academie },
      role: e.role,
    })),
  }
}
