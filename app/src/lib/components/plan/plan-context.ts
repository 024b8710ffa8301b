/**
 * What every view of the action plan needs, passed down as one object (its getters stay reactive):
 * the session, the year's linkable criteria, the members (pilotes), today's date and the
 * addresses that open an action.
 */
import type { ResolvedPathname } from '$app/types'
import type { Member } from '@rouages/shared/api/etablissements'
import type { PlanSession } from '#lib/workspace/plan-session.svelte.ts'
import type { Catalogue } from './catalogue.ts'

export interface PlanContext {
  readonly session: PlanSession
  readonly catalogue: Catalogue
  /** The établissement's members who may be pilotes, by name; empty until loaded. */
  readonly members: readonly Member[]
  /** The signed-in person's id. */
  readonly me: string | undefined
  /** Today, YYYY-MM-DD, on this computer's clock. */
  readonly today: string
  /** The pilote's name; "" for none. */
  piloteName(userId: string | null): string
  /** The plan's address with this action open in the editor (the current view and filters kept). */
  openHref(actionId: string): ResolvedPathname
  /** The grid's address at an item's criterion. */
  gridHref(frameworkId: string, criterionId: string): ResolvedPathname
}
