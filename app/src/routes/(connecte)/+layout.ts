import { error, redirect } from '@sveltejs/kit'
import { m } from '#lib/paraglide/messages.js'
import { loginPath } from '#lib/paths.ts'
import { session } from '#lib/session.svelte.ts'
import type { LayoutLoad } from './$types'

/** Pages for signed-in people only: anyone else signs in first, then comes back here. */
export const load: LayoutLoad = async ({ url }) => {
  const status = await session.ensure()
  if (status === 'signed-out') redirect(307, loginPath(url.pathname + url.search))
  if (status !== 'signed-in') error(503, m.error_network())
}
