/** Where to go back after signing in (`?suite=`), checked so that it cannot lead off the app. */
import type { ResolvedPathname } from '$app/types'

/**
 * A path of this app that is safe to go to after signing in (`?suite=`): same origin, absolute
 * path, and not a sign-in page itself. Anything else gives `undefined`.
 */
export function safeReturnPath(raw: string | null | undefined): ResolvedPathname | undefined {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return undefined
  let url: URL
  try {
    url = new URL(raw, 'http://rouages.invalid')
  } catch {
    return undefined
  }
  if (url.origin !== 'http://rouages.invalid') return undefined
  if (['/connexion', '/inscription', '/confirmer', '/reinitialiser'].includes(url.pathname)) return undefined
  // Checked above: an absolute path of this origin (the app has no base path).
  return `${url.pathname}${url.search}${url.hash}` as ResolvedPathname
}
