import { redirect } from '@sveltejs/kit'
import { homePath } from '#lib/paths.ts'
import { session } from '#lib/session.svelte.ts'
import type { PageLoad } from './$types'

/** Signed in: the landing page has nothing to say, go to work. */
export const load: PageLoad = async () => {
  if ((await session.ensure()) === 'signed-in' && session.me) redirect(307, homePath(session.me))
}
