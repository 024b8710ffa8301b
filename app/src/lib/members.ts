/** The établissement's members, for naming pilotes and authors (display names are personal data). */
import * as v from 'valibot'
import { MemberSchema, type Member } from '@rouages/shared/api/etablissements'
import { api, apiPath } from '#lib/api.ts'

export async function fetchMembers(etablissementId: string): Promise<Member[]> {
  return api.get(apiPath`/api/etablissements/${etablissementId}/members`, v.array(MemberSchema))
}

/** A lookup from user id to display name; someone who left shows as `fallback`. */
export function nameLookup(members: readonly Member[], fallback: string): (userId: string) => string {
  const names = new Map(members.map((member) => [member.userId, member.displayName]))
  return (userId) => names.get(userId) ?? fallback
}
