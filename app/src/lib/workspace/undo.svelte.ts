/**
 * Per-person undo for a workspace: a Y.UndoManager over some of its root maps (the grid's
 * frameworks, grids and crosswalk by default; the action plan's actions) that tracks only this
 * tab's own transactions. The provider applies remote changes with its own origin, so "Annuler"
 * never takes back what a colleague did, and undoing one's own change leaves later changes by
 * others in place.
 *
 * The choice for text fields: the shared textareas use this manager too (Ctrl+Z inside them is
 * routed here), because the browser's own undo stack is reset whenever a remote edit rewrites the
 * field and would otherwise take back other people's text. Plain inputs (a new descriptor's text,
 * a preuve's address) keep the browser's undo.
 */
import * as Y from 'yjs'

/** Typing within this delay is one step of undo. */
const CAPTURE_MS = 600

/** The root maps that hold the grid and its crosswalk. */
const GRID_ROOTS = ['frameworks', 'grids', 'crosswalk']

export class WorkspaceUndo {
  readonly #manager: Y.UndoManager
  #canUndo = $state(false)
  #canRedo = $state(false)

  /**
   * `roots` names the root maps this undo covers: the grid's by default, `['actions']` for the
   * action plan. Attributions are the server's and are never undone.
   */
  constructor(doc: Y.Doc, roots: readonly string[] = GRID_ROOTS) {
    const scope = roots.map((name) => doc.getMap(name))
    this.#manager = new Y.UndoManager(scope, {
      captureTimeout: CAPTURE_MS,
      // Only local transactions (origin null, what the accessors and text views use).
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by Yjs, not component state
      trackedOrigins: new Set([null]),
    })
    const refresh = () => {
      this.#canUndo = this.#manager.canUndo()
      this.#canRedo = this.#manager.canRedo()
    }
    this.#manager.on('stack-item-added', refresh)
    this.#manager.on('stack-item-popped', refresh)
    this.#manager.on('stack-cleared', refresh)
  }

  get canUndo(): boolean {
    return this.#canUndo
  }

  get canRedo(): boolean {
    return this.#canRedo
  }

  undo(): boolean {
    return this.#manager.undo() !== null
  }

  redo(): boolean {
    return this.#manager.redo() !== null
  }

  /** The next change starts a new step (another field got the focus). */
  stopCapturing(): void {
    this.#manager.stopCapturing()
  }

  destroy(): void {
    this.#manager.destroy()
  }
}
