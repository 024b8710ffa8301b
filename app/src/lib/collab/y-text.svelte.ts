import { createSubscriber } from 'svelte/reactivity'
import * as Y from 'yjs'
import { diffText } from './text-diff.ts'

/** A caret or selection end that stays on the same character while others edit around it. */
export type TextAnchor = Y.RelativePosition

/**
 * A Y.Text for components: read `current` (reactive, one update per transaction), write with
 * `replaceWith`. Components never observe the Y type themselves.
 */
export class YTextView {
  readonly #text: Y.Text
  readonly #subscribe: () => void

  constructor(text: Y.Text) {
    this.#text = text
    // Observe only while something renders the text; stop when the last reader is destroyed.
    this.#subscribe = createSubscriber((update) => {
      const onChange = () => update()
      text.observeDeep(onChange)
      return () => text.unobserveDeep(onChange)
    })
  }

  get current(): string {
    this.#subscribe()
    return this.#text.toJSON()
  }

  /**
   * Makes the text equal to `next` with one minimal delete/insert, so that concurrent edits
   * elsewhere in the text survive. `caret` is where the caret ended up after the local edit.
   */
  replaceWith(next: string, caret?: number): void {
    const splice = diffText(this.#text.toJSON(), next, caret)
    if (!splice) return
    const apply = () => {
      if (splice.remove > 0) this.#text.delete(splice.index, splice.remove)
      if (splice.insert) this.#text.insert(splice.index, splice.insert)
    }
    // One transaction: other clients receive a single update, readers re-render once.
    if (this.#text.doc) this.#text.doc.transact(apply)
    else apply()
  }

  /** Pins a position of the text so it can be found again after remote edits. */
  anchor(index: number): TextAnchor {
    return Y.createRelativePositionFromTypeIndex(this.#text, index)
  }

  /** Where a pinned position is now, or `undefined` if it cannot be resolved. */
  resolve(anchor: TextAnchor): number | undefined {
    const doc = this.#text.doc
    if (!doc) return undefined
    return Y.createAbsolutePositionFromRelativePosition(anchor, doc)?.index
  }
}
