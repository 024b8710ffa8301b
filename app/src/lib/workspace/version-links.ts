/**
 * Addresses of a school year's pages showing a bilan instead of the live year (`?version=<id>`):
 * the grid, the plan, the indicators and the tableau de bord read the year's document, so they
 * show a version as well; other pages (the bilans themselves) do not take one.
 */

/** The address parameter that shows a bilan instead of the live year. */
export const VERSION_PARAM = 'version'

/** The pages under a year's address (`/e/<id>/annees/<annee>`) that can show a version. */
const VERSIONED_PAGES = ['', '/plan', '/indicateurs', '/tableau-de-bord']

/** Whether `pathname` is one of the year's pages that show a version. */
export function showsVersion(pathname: string, yearPath: string): boolean {
  return VERSIONED_PAGES.some((page) => pathname === `${yearPath}${page}`)
}

/**
 * `href` showing the bilan `versionId` (unchanged when undefined); keeps its query and fragment, and
 * its type (a resolved pathname of the app stays one).
 */
export function withVersion<T extends string>(href: T, versionId: string | undefined): T {
  if (versionId === undefined) return href
  const hashAt = href.indexOf('#')
  const [beforeHash, hash] = hashAt < 0 ? [href, ''] : [href.slice(0, hashAt), href.slice(hashAt)]
  const queryAt = beforeHash.indexOf('?')
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const search = new URLSearchParams(queryAt < 0 ? '' : beforeHash.slice(queryAt + 1))
  search.set(VERSION_PARAM, versionId)
  return `${path}?${search.toString()}${hash}` as T
}

/** `href` without a version: the live year. */
export function withoutVersion<T extends string>(href: T): T {
  const url = new URL(href, 'http://x')
  url.searchParams.delete(VERSION_PARAM)
  return `${url.pathname}${url.search}${url.hash}` as T
}
