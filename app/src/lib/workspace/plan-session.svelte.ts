/**
 * Everything the action plan's components share while the plan page is open, like GridSession for
 * the grid: the year's document (held open by the year's layout), the plan's reactive view, the
 * grid's criteria to link actions to, the person's own undo over the actions, who is on the plan
 * and on which field, and the projection mode.
 *
 * Presence: each tab on the plan publishes `place: 'plan'` beside its `user` and `field` (the
 * attribution key of the field it edits, `action:<id>:<field>`), so the plan lists the people on
 * it and what they edit, while the grid keeps listing everyone in the year.
 */
import * as Y from 'yjs'
import type { User } from '@rouages/shared/api/auth'
import { actionAttributionKey } from '@rouages/shared/workspace/attribution'
import { actionStateLabel } from '#lib/format.ts'
import { m } from '#lib/paraglide/messages.js'
import type { SharedDocument } from '#lib/collab/shared-document.ts'
import { planViewFor, type PlanView } from '#lib/workspace/plan-view.svelte.ts'
import { personColour, presentPeople, type Present } from '#lib/workspace/presence.ts'
import { WorkspaceUndo } from '#lib/workspace/undo.svelte.ts'
import { WorkspaceView } from '#lib/workspace/workspace-view.svelte.ts'

/** The awareness value of a tab on the plan. */
export const PLAN_PLACE = 'plan'

export class PlanSession {
  readonly shared: SharedDocument
  readonly plan: PlanView
  /** The year's frameworks and criteria (read only here: actions link to them). */
  readonly grid: WorkspaceView
  readonly undo: WorkspaceUndo
  readonly #roleCanEdit: () => boolean
  readonly #stopWatching: () => void
  #field: string | null = null

  /** Large type, no editing chrome: for a room reading a projector. */
  projecting = $state(false)
  /** The last outcome to announce politely ("Action créée."). */
  status = $state<string | undefined>()
  /** États changed by others, announced politely to screen readers. */
  remoteAnnouncement = $state('')
  /** The people on the plan (other tabs), with the field each edits. */
  readonly present: Present[]

  constructor(shared: SharedDocument, user: User | undefined, roleCanEdit: () => boolean) {
    this.shared = shared
    this.plan = planViewFor(shared.doc)
    this.grid = new WorkspaceView(shared.doc)
    this.undo = new WorkspaceUndo(shared.doc, ['actions'])
    this.#roleCanEdit = roleCanEdit
    this.present = $derived(presentPeople(shared.peers.filter((peer) => peer.state.place === PLAN_PLACE)))
    if (user) {
      shared.setPresence('user', { id: user.id, name: user.displayName, color: personColour(user.id) })
    }
    shared.setPresence('field', null)
    shared.setPresence('place', PLAN_PLACE)
    this.#stopWatching = this.#watchRemoteStates()
  }

  /** Whether this person may change the plan now (role, server scope, loaded, not projecting). */
  get editable(): boolean {
    return this.#roleCanEdit() && !this.shared.readOnly && this.shared.loaded && !this.projecting
  }

  /** Whether the role allows editing at all (the read-only flag says so otherwise). */
  get readOnly(): boolean {
    return !this.#roleCanEdit() || this.shared.readOnly
  }

  /** Runs one discrete change (an état, a pilote, a link) as an undo step of its own. */
  change<T>(write: (plan: PlanView) => T): T {
    this.undo.stopCapturing()
    const result = write(this.plan)
    this.undo.stopCapturing()
    return result
  }

  /** Others on exactly this field. */
  editorsOf(key: string): Present[] {
    return this.present.filter((person) => person.field === key)
  }

  /** Others on any field of this action. */
  editorsOfAction(actionId: string): Present[] {
    const prefix = actionAttributionKey(actionId, '')
    return this.present.filter((person) => person.field?.startsWith(prefix))
  }

  /** This person started editing a field: others see a name tag; undo starts a new step. */
  focusField(key: string): void {
    if (this.#field === key) return
    this.#field = key
    this.undo.stopCapturing()
    this.shared.setPresence('field', key)
  }

  blurField(key: string): void {
    if (this.#field !== key) return
    this.#field = null
    this.shared.setPresence('field', null)
  }

  destroy(): void {
    this.#stopWatching()
    this.shared.setPresence('field', null)
    this.shared.setPresence('place', null)
    this.undo.destroy()
  }

  /**
   * Gathers the états others change and announces them after a short pause, once the server's
   * attribution (who did it) has arrived too.
   */
  #watchRemoteStates(): () => void {
    const actions = this.shared.doc.getMap('actions')
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a buffer between two announcements, never rendered
    const pending = new Set<string>()
    let timer: ReturnType<typeof setTimeout> | undefined
    const flush = () => {
      const messages: string[] = []
      for (const actionId of pending) {
        const action = this.plan.action(actionId)
        if (!action) continue
        const name =
          this.plan.attribution(actionAttributionKey(actionId, 'etat'))?.name ?? m.grid_remote_someone()
        messages.push(
          m.plan_remote_state({ name, title: action.title, state: actionStateLabel(action.etat) }),
        )
      }
      pending.clear()
      if (messages.length > 0) this.remoteAnnouncement = messages.slice(0, 3).join(' ')
    }
    const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
      if (transaction.local) return
      for (const event of events) {
        const [actionId] = event.path
        if (event instanceof Y.YMapEvent && event.path.length === 1 && event.keysChanged.has('etat'))
          pending.add(String(actionId))
      }
      if (pending.size === 0) return
      clearTimeout(timer)
      timer = setTimeout(flush, 600)
    }
    actions.observeDeep(onChange)
    return () => {
      clearTimeout(timer)
      actions.unobserveDeep(onChange)
    }
  }
}
