import { redirect } from '@sveltejs/kit'
import { homePath, safeReturnPath } from '#lib/paths.ts'
import { session } from '#lib/session.svelte.ts'
import type { PageLoad } from './$types'

/** Already signed in: straight to where they were going. */
export const load: PageLoad = async ({ url }) => {
  if ((await session.ensure()) === 'signed-in' && session.me) {
    redirect(307, safeReturnPath(url.searchParams.get('suite')) ?? homePath(session.me))
  }
}
