import { redirect } from '@sveltejs/kit'
import * as v from 'valibot'
import { TokenSchema } from '@rouages/shared/api/common'
import { homePath, paths } from '#lib/paths.ts'
import { session } from '#lib/session.svelte.ts'
import type { PageLoad } from './$types'

/** Already signed in: no second account; an invitation is accepted from its own page. */
export const load: PageLoad = async ({ url }) => {
  if ((await session.ensure()) !== 'signed-in' || !session.me) return
  const token = url.searchParams.get('invitation')
  redirect(307, token && v.is(TokenSchema, token) ? paths.invitation(token) : homePath(session.me))
}
