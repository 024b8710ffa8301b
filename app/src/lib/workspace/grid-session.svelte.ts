/**
 * Everything the grid's components share while a school year is open: the workspace document,
 * its reactive view, the person's own undo, who is present and on which field, the descriptor
 * open in the editing panel, and the projection mode. Created by the grid page, which releases it.
 */
import * as Y from 'yjs'
import type { User } from '@rouages/shared/api/auth'
import { entryAttributionKey } from '@rouages/shared/workspace/attribution'
import { m } from '#lib/paraglide/messages.js'
import type { SharedDocument } from '#lib/collab/shared-document.ts'
import { personColour, presentPeople, type Present } from '#lib/workspace/presence.ts'
import { PreviousLevels } from '#lib/workspace/previous-levels.svelte.ts'
import { WorkspaceUndo } from '#lib/workspace/undo.svelte.ts'
import { WorkspaceView } from '#lib/workspace/workspace-view.svelte.ts'

export interface SelectedDescriptor {
  frameworkId: string
  criterionId: string
  descriptorId: string
}

export class GridSession {
  readonly shared: SharedDocument
  readonly view: WorkspaceView
  readonly undo: WorkspaceUndo
  /** Last year's levels, when the year was started from a bilan. */
  readonly previousLevels = new PreviousLevels()
  readonly #roleCanEdit: () => boolean
  #field: string | null = null

  /** The descriptor shown in the editing panel. */
  selected = $state<SelectedDescriptor | undefined>()
  /** Large type, no editing chrome: for a room reading a projector. */
  projecting = $state(false)
  /** The last outcome to announce politely ("Descripteur ajouté."). */
  status = $state<string | undefined>()
  /** Levels changed by others, announced politely to screen readers (texts are not: too chatty). */
  remoteAnnouncement = $state('')
  readonly #stopWatching: () => void

  /** The other tabs on this year, with their current field. */
  readonly present: Present[]

  constructor(shared: SharedDocument, user: User | undefined, roleCanEdit: () => boolean) {
    this.shared = shared
    this.view = new WorkspaceView(shared.doc)
    this.undo = new WorkspaceUndo(shared.doc)
    this.#roleCanEdit = roleCanEdit
    this.present = $derived(presentPeople(shared.peers))
    if (user) {
      shared.setPresence('user', { id: user.id, name: user.displayName, color: personColour(user.id) })
    }
    shared.setPresence('field', null)
    this.#stopWatching = this.#watchRemoteLevels()
  }

  /** Whether this person may change the grid now (role, server scope, loaded, not projecting). */
  get editable(): boolean {
    return this.#roleCanEdit() && !this.shared.readOnly && this.shared.loaded && !this.projecting
  }

  /** Whether the role allows editing at all (the read-only flag says so otherwise). */
  get readOnly(): boolean {
    return !this.#roleCanEdit() || this.shared.readOnly
  }

  /**
   * Runs one discrete change (a level, a descriptor, a preuve) as an undo step of its own: never
   * merged with typing or with another quick change just before or after it.
   */
  change<T>(write: (view: WorkspaceView) => T): T {
    this.undo.stopCapturing()
    const result = write(this.view)
    this.undo.stopCapturing()
    return result
  }

  /** Others on exactly this field. */
  editorsOf(key: string): Present[] {
    return this.present.filter((person) => person.field === key)
  }

  /** Others on any of these fields (a descriptor's texts and preuves). */
  editorsOfAny(keys: readonly string[]): Present[] {
    return this.present.filter((person) => person.field !== null && keys.includes(person.field))
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
    this.undo.destroy()
  }

  /**
   * Gathers the levels others change (remote transactions) and announces them after a short
   * pause, once the server's attribution (who did it) has arrived too.
   */
  #watchRemoteLevels(): () => void {
    const grids = this.shared.doc.getMap('grids')
    // A plain buffer between two announcements, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local bookkeeping inside one function, never rendered
    const pending = new Map<string, { frameworkId: string; descriptorId: string }>()
    let timer: ReturnType<typeof setTimeout> | undefined
    const flush = () => {
      const messages: string[] = []
      for (const { frameworkId, descriptorId } of pending.values()) {
        const message = this.#describeLevel(frameworkId, descriptorId)
        if (message) messages.push(message)
      }
      pending.clear()
      if (messages.length > 0) this.remoteAnnouncement = messages.slice(0, 3).join(' ')
    }
    const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
      if (transaction.local) return
      for (const event of events) {
        if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('level')) continue
        const [frameworkId, section, descriptorId] = event.path
        if (section !== 'entries' || typeof frameworkId !== 'string' || typeof descriptorId !== 'string')
          continue
        pending.set(`${frameworkId}:${descriptorId}`, { frameworkId, descriptorId })
      }
      if (pending.size === 0) return
      clearTimeout(timer)
      timer = setTimeout(flush, 600)
    }
    grids.observeDeep(onChange)
    return () => {
      clearTimeout(timer)
      grids.unobserveDeep(onChange)
    }
  }

  /** "Claire Martin : « … » — Atteint." */
  #describeLevel(frameworkId: string, descriptorId: string): string | undefined {
    try {
      const descriptor = this.view
        .criteria(frameworkId)
        .flatMap((criterion) => criterion.descriptors)
        .find((item) => item.id === descriptorId)
      if (!descriptor) return undefined
      const levelId = this.view.entry(frameworkId, descriptorId).current.level
      const level = this.view.scale(frameworkId).levels.find((item) => item.id === levelId)
      const name =
        this.view.attribution(entryAttributionKey(frameworkId, descriptorId, 'level'))?.name ??
        m.grid_remote_someone()
      return level
        ? m.grid_remote_level({ name, descriptor: descriptor.text, level: level.label })
        : m.grid_remote_level_cleared({ name, descriptor: descriptor.text })
    } catch {
      return undefined
    }
  }
}
