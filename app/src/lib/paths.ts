/**
 * The app's page addresses, built from route IDs so a renamed route fails the type check. The
 * signed-in pages sit in the `(connecte)` group, which does not appear in their URL.
 */
import { resolve } from '$app/paths'
import type { ResolvedPathname } from '$app/types'
import type { Me } from '@rouages/shared/api/auth'
import { safeReturnPath } from '#lib/return-path.ts'

export { safeReturnPath }

export const paths = {
  etablissements: (): ResolvedPathname => resolve('/(connecte)/etablissements'),
  account: (): ResolvedPathname => resolve('/(connecte)/compte'),
  /** The établissement's home; `welcome` after creating it in the first run. */
  etablissement: (etablissementId: string, options: { welcome?: boolean } = {}): ResolvedPathname => {
    const path = resolve('/(connecte)/e/[etablissementId]', { etablissementId })
    // Same path with a query string: still a resolved pathname of this app.
    return options.welcome ? (`${path}?bienvenue` as ResolvedPathname) : path
  },
  members: (etablissementId: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/membres', { etablissementId }),
  audit: (etablissementId: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/tracabilite', { etablissementId }),
  /** The établissement's school years (autodiagnostic). */
  years: (etablissementId: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees', { etablissementId }),
  /** A school year's grid; `referentiel` picks a framework other than the first. */
  yearGrid: (etablissementId: string, annee: string, referentiel?: string): ResolvedPathname => {
    const path = resolve('/(connecte)/e/[etablissementId]/annees/[annee]', { etablissementId, annee })
    return referentiel ? (`${path}?referentiel=${encodeURIComponent(referentiel)}` as ResolvedPathname) : path
  },
  /** A school year's action plan. */
  yearPlan: (etablissementId: string, annee: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees/[annee]/plan', { etablissementId, annee }),
  /** A school year's indicators. */
  yearIndicators: (etablissementId: string, annee: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees/[annee]/indicateurs', { etablissementId, annee }),
  /** A school year's tableau de bord. */
  yearDashboard: (etablissementId: string, annee: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees/[annee]/tableau-de-bord', { etablissementId, annee }),
  /** A school year's bilans (frozen versions). */
  yearBilans: (etablissementId: string, annee: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees/[annee]/bilans', { etablissementId, annee }),
  /**
   * Comparing two versions of a year: `avant` is a bilan of this year (its id) or of another one
   * (`<annee>/<id>`); `apres` a bilan of this year or `live` (today's workspace).
   */
  yearCompare: (
    etablissementId: string,
    annee: string,
    versions: { avant?: string; apres?: string } = {},
  ): ResolvedPathname => {
    const path = resolve('/(connecte)/e/[etablissementId]/annees/[annee]/bilans/comparer', {
      etablissementId,
      annee,
    })
    const search = new URLSearchParams()
    if (versions.avant) search.set('avant', versions.avant)
    if (versions.apres) search.set('apres', versions.apres)
    return (search.size > 0 ? `${path}?${search.toString()}` : path) as ResolvedPathname
  },
  invitation: (token: string): ResolvedPathname => resolve('/invitation/[token]', { token }),
  /** A school year's séances (live workshops): open one, see the past ones. */
  yearSeances: (etablissementId: string, annee: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees/[annee]/seances', { etablissementId, annee }),
  /** An ended séance's compte rendu (or an open one's summary, with links to its screens). */
  seanceRecord: (etablissementId: string, annee: string, seanceId: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/annees/[annee]/seances/[seanceId]', {
      etablissementId,
      annee,
      seanceId,
    }),
  /** The join page, open to anyone; `code` pre-fills it (the projector's QR code). */
  join: (code?: string): ResolvedPathname => {
    const path = resolve('/rejoindre')
    return code ? (`${path}?code=${encodeURIComponent(code)}` as ResolvedPathname) : path
  },
  /** A séance as a participant sees it (members and guests, phone first). */
  seance: (seanceId: string): ResolvedPathname => resolve('/seance/[seanceId]', { seanceId }),
  /** The projector's view of a séance: nothing to click, read from the back of the room. */
  seanceProjector: (seanceId: string): ResolvedPathname =>
    resolve('/seance/[seanceId]/projection', { seanceId }),
  /** The facilitators' console. */
  seanceConsole: (seanceId: string): ResolvedPathname =>
    resolve('/seance/[seanceId]/animation', { seanceId }),
}

/** `/connexion?suite=<where the person was going>`. */
export function loginPath(returnTo?: string): ResolvedPathname {
  const back = safeReturnPath(returnTo)
  return back ? resolve(`/connexion?suite=${encodeURIComponent(back)}`) : resolve('/connexion')
}

/** Where someone lands after signing in: their only établissement, else the picker. */
export function homePath(me: Me): ResolvedPathname {
  const only = me.memberships.length === 1 ? me.memberships[0] : undefined
  return only ? paths.etablissement(only.etablissement.id) : paths.etablissements()
}
