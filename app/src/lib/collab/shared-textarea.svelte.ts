import type { Attachment } from 'svelte/attachments'
import { on } from 'svelte/events'
import type { TextAnchor, YTextView } from './y-text.svelte.ts'

/**
 * Binds a textarea to a shared text (`<textarea {@attach sharedTextarea(text)}>`): local typing
 * becomes one minimal splice anchored at the caret; remote (or initial, or undone) content is
 * written into the field without moving the caret, the selection or the scroll position. Used by
 * every collaborative text field (the team notepad, the grid's texts), which add their own label,
 * hints and keys around it.
 */
export function sharedTextarea(text: YTextView): Attachment<HTMLTextAreaElement> {
  return (field) => {
    let selection:
      { start: TextAnchor; end: TextAnchor; direction: 'forward' | 'backward' | 'none' } | undefined
    // While an input method composes a word, the field's value is provisional: leave it alone.
    let composing = false

    /** Pins the selection to characters of the Y.Text, so remote edits can move it along. */
    function rememberSelection() {
      if (document.activeElement !== field) return
      selection = {
        start: text.anchor(field.selectionStart),
        end: text.anchor(field.selectionEnd),
        direction: field.selectionDirection ?? 'none',
      }
    }

    function commitLocalEdit() {
      text.replaceWith(field.value, field.selectionEnd)
      rememberSelection()
    }

    $effect(() => {
      const value = text.current
      if (composing || field.value === value) return
      const focused = document.activeElement === field
      const start = focused && selection ? text.resolve(selection.start) : undefined
      const end = focused && selection ? text.resolve(selection.end) : undefined
      // Keep the scroll position through a remote change; an empty field (its first fill) has none,
      // and reading it would force a layout of the page for every field of a grid being opened.
      if (field.value === '') field.value = value
      else {
        const { scrollTop } = field
        field.value = value
        field.scrollTop = scrollTop
      }
      if (start !== undefined && end !== undefined) field.setSelectionRange(start, end, selection?.direction)
      rememberSelection()
    })

    const stops = [
      on(field, 'input', () => {
        if (!composing) commitLocalEdit()
      }),
      on(field, 'compositionstart', () => (composing = true)),
      on(field, 'compositionend', () => {
        composing = false
        commitLocalEdit()
      }),
      // Caret moves by keyboard, pointer or touch all end up in one of these.
      on(field, 'focus', rememberSelection),
      on(field, 'keyup', rememberSelection),
      on(field, 'pointerup', rememberSelection),
      on(document, 'selectionchange', rememberSelection),
    ]
    return () => {
      for (const stop of stops) stop()
    }
  }
}
