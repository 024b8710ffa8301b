/**
 * Fitting a live screen nobody scrolls: the projector's boxes have the window's size, and what
 * they hold grows while the séance goes on. Two attachments, both measuring again when the box
 * is resized or its content changes:
 * - `shrinkToFit` lowers the box's font size (down to `min` of it) until its content fits;
 * - `fitItems` tells how many of the box's `[data-fit-item]` children fit, keeping room for its
 *   `[data-fit-more]` line ("et 42 autres"); the component hides the others.
 */
import type { Attachment } from 'svelte/attachments'

/** Calls `measure` once per frame at most, when the box is resized or its content changes. */
function watch(node: HTMLElement, measure: () => void): () => void {
  let frame = 0
  const schedule = () => {
    if (frame === 0)
      frame = requestAnimationFrame(() => {
        frame = 0
        measure()
      })
  }
  const resized = new ResizeObserver(schedule)
  resized.observe(node)
  const changed = new MutationObserver(schedule)
  changed.observe(node, { childList: true, subtree: true, characterData: true })
  void document.fonts?.ready.then(schedule)
  schedule()
  return () => {
    cancelAnimationFrame(frame)
    resized.disconnect()
    changed.disconnect()
  }
}

/** Shrinks the font of a fixed-size box until its content fits (never below `min` of it). */
export function shrinkToFit(min = 0.6): Attachment<HTMLElement> {
  return (node) =>
    watch(node, () => {
      const overflows = () => node.scrollHeight > node.clientHeight + 1
      node.style.fontSize = ''
      if (!overflows()) return
      const base = parseFloat(getComputedStyle(node).fontSize)
      const scaled = (scale: number) => (node.style.fontSize = `${(base * scale).toFixed(2)}px`)
      // Binary search of the largest scale that fits, to a hundredth.
      let low = min
      let high = 1
      while (high - low > 0.01) {
        const middle = (low + high) / 2
        scaled(middle)
        if (overflows()) high = middle
        else low = middle
      }
      scaled(low)
    })
}

/**
 * How many leading `[data-fit-item]` children of a box (positioned, overflow hidden) fit in it.
 * Hidden items must keep their place (`visibility: hidden`), so that they can be measured again.
 */
export function fitItems(onFit: (count: number) => void): Attachment<HTMLElement> {
  return (node) =>
    watch(node, () => {
      const items = [...node.querySelectorAll<HTMLElement>(':scope > [data-fit-item]')]
      const limit = node.clientHeight
      const bottom = (item: HTMLElement) => item.offsetTop + item.offsetHeight
      const last = items.at(-1)
      if (!last || bottom(last) <= limit) {
        onFit(items.length)
        return
      }
      const more = node.querySelector<HTMLElement>(':scope > [data-fit-more]')
      const room = limit - (more?.offsetHeight ?? 0)
      const count = items.findIndex((item) => bottom(item) > room)
      onFit(count < 0 ? items.length : count)
    })
}
