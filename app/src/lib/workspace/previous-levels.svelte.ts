/**
 * Last year's levels, for a year started from a bilan (B4, E5): the grid shows each descriptor's
 * level in that bilan beside this year's. Read from the bilan's frozen JSON, once.
 */
import { SvelteMap } from 'svelte/reactivity'
import type * as Y from 'yjs'
import { previousYearOf } from '@rouages/shared/workspace/carry-over'
import { bilanSnapshot } from '#lib/components/bilans/bilans-api.ts'

export class PreviousLevels {
  /** The year the bilan belongs to, once loaded. */
  schoolYear = $state<string>()
  readonly #levels = new SvelteMap<string, string | null>()
  #requested = false

  /** Loads the levels of the bilan the year started from, if any (call once the document loaded). */
  load(etablissementId: string, doc: Y.Doc): void {
    // Only a seeded document says whether it has a previous year.
    if (this.#requested || !doc.getMap('meta').has('schemaVersion')) return
    this.#requested = true
    const previous = previousYearOf(doc)
    if (!previous) return
    bilanSnapshot(etablissementId, previous.schoolYear, previous.bilanId).then(
      (snapshot) => {
        for (const framework of snapshot.frameworks)
          for (const criterion of framework.criteria)
            for (const descriptor of criterion.descriptors)
              this.#levels.set(`${framework.id}/${descriptor.id}`, descriptor.entry.level)
        this.schoolYear = previous.schoolYear
      },
      () => {
        // Without last year's levels the grid is still whole: the comparison page says more.
      },
    )
  }

  /** Last year's level of a descriptor: undefined when it did not exist then, null if unpositioned. */
  levelOf(frameworkId: string, descriptorId: string): string | null | undefined {
    return this.#levels.get(`${frameworkId}/${descriptorId}`)
  }
}
