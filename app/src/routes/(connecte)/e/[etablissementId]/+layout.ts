import { error } from '@sveltejs/kit'
import { m } from '#lib/paraglide/messages.js'
import { session } from '#lib/session.svelte.ts'
import type { LayoutLoad } from './$types'

/** Only members open an établissement; a membership granted meanwhile is fetched once. */
export const load: LayoutLoad = async ({ params, parent }) => {
  await parent()
  if (!session.membership(params.etablissementId)) await session.refresh()
  if (!session.membership(params.etablissementId)) error(404, m.etab_not_found())
}
