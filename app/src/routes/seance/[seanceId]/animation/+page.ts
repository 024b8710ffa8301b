import { redirect } from '@sveltejs/kit'
import { loginPath } from '#lib/paths.ts'
import { session } from '#lib/session.svelte.ts'
import type { PageLoad } from './$types'

/** Only members lead a séance: anyone signed out signs in first, then comes back here. */
export const load: PageLoad = async ({ url, parent }) => {
  await parent()
  if (session.status === 'signed-out') redirect(307, loginPath(url.pathname + url.search))
}
