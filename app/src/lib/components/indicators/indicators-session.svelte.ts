/**
 * What the indicators page's components share while a school year is open: the year's document
 * (held open by the year's layout), the reactive indicators and actions (PlanView), the followed
 * frameworks (WorkspaceView, for linking criteria), the person's own undo over the indicators, who
 * is editing which field, and the last outcome to announce.
 */
import type { User } from '@rouages/shared/api/auth'
import type { SharedDocument } from '#lib/collab/shared-document.ts'
import { planViewFor, type PlanView } from '#lib/workspace/plan-view.svelte.ts'
import { personColour, presentPeople, type Present } from '#lib/workspace/presence.ts'
import { WorkspaceUndo } from '#lib/workspace/undo.svelte.ts'
import { WorkspaceView } from '#lib/workspace/workspace-view.svelte.ts'

export class IndicatorsSession {
  readonly shared: SharedDocument
  readonly plan: PlanView
  readonly workspace: WorkspaceView
  /** Undo and redo of this person's own changes to the indicators (never a colleague's). */
  readonly undo: WorkspaceUndo
  readonly #roleCanEdit: () => boolean
  #field: string | null = null

  /** The last outcome, announced politely ("3 valeurs importées."). */
  status = $state<string | undefined>()
  /** The other tabs on this year, with the field they edit. */
  readonly present: Present[]

  constructor(shared: SharedDocument, user: User | undefined, roleCanEdit: () => boolean) {
    this.shared = shared
    this.plan = planViewFor(shared.doc)
    this.workspace = new WorkspaceView(shared.doc)
    this.undo = new WorkspaceUndo(shared.doc, ['indicators'])
    this.#roleCanEdit = roleCanEdit
    this.present = $derived(presentPeople(shared.peers))
    if (user)
      shared.setPresence('user', { id: user.id, name: user.displayName, color: personColour(user.id) })
    shared.setPresence('field', null)
  }

  /** Whether this person may change the indicators now (role, server scope, document loaded). */
  get editable(): boolean {
    return !this.readOnly && this.shared.loaded
  }

  /** Lecteurs, or a connection the server made read-only: everything shown, no controls. */
  get readOnly(): boolean {
    return !this.#roleCanEdit() || this.shared.readOnly
  }

  /** Runs one discrete change (a field, a value, an import) as an undo step of its own. */
  change<T>(write: (plan: PlanView) => T): T {
    this.undo.stopCapturing()
    const result = write(this.plan)
    this.undo.stopCapturing()
    return result
  }

  /** Others on exactly this field (an attribution key). */
  editorsOf(key: string): Present[] {
    return this.present.filter((person) => person.field === key)
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
    this.shared.setPresence('field', null)
    this.undo.destroy()
  }
}
