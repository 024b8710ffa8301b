/**
 * What an action can link to: the criteria and descriptors of the frameworks the year follows,
 * found by their link key (`<frameworkId>/<criterion or descriptor id>`), with the numbers people
 * read ("4", "4.2") and an order (framework, criterion, descriptor) to sort by.
 */
import { linkKey, type ActionView } from '@rouages/shared/workspace/actions'
import type { CriterionView } from '@rouages/shared/workspace/grid'

export interface CatalogueFramework {
  id: string
  /** "Label Lycée des métiers" */
  shortLabel: string
  criteria: CriterionView[]
}

export interface LinkedItem {
  key: string
  frameworkId: string
  /** Whether the framework is the year's first (its name then goes without saying). */
  firstFramework: boolean
  kind: 'criterion' | 'descriptor'
  criterion: CriterionView
  /** Link key of the criterion (itself, or the descriptor's). */
  criterionKey: string
  /** "4" for a criterion, "4.2" for its second descriptor. */
  number: string
  /** The criterion's short title, or the descriptor's text. */
  text: string
  /** Sorts by framework, then criterion, then descriptor. */
  order: string
}

const pad = (n: number) => String(n).padStart(3, '0')

export class Catalogue {
  readonly frameworks: readonly CatalogueFramework[]
  readonly #items = new Map<string, LinkedItem>()

  constructor(frameworks: readonly CatalogueFramework[]) {
    this.frameworks = frameworks
    frameworks.forEach((framework, f) => {
      framework.criteria.forEach((criterion, c) => {
        const criterionKey = linkKey(framework.id, criterion.id)
        const base = { frameworkId: framework.id, firstFramework: f === 0, criterion, criterionKey }
        this.#items.set(criterionKey, {
          ...base,
          key: criterionKey,
          kind: 'criterion',
          number: criterion.number,
          text: criterion.shortTitle,
          order: `${pad(f)}.${pad(c)}.000`,
        })
        criterion.descriptors.forEach((descriptor, d) => {
          const key = linkKey(framework.id, descriptor.id)
          this.#items.set(key, {
            ...base,
            key,
            kind: 'descriptor',
            number: `${criterion.number}.${d + 1}`,
            text: descriptor.text,
            order: `${pad(f)}.${pad(c)}.${pad(d + 1)}`,
          })
        })
      })
    })
  }

  /** The item a link points to; undefined when the year no longer has it. */
  item(key: string): LinkedItem | undefined {
    return this.#items.get(key)
  }

  /** The criterion a link belongs to (for the criterion filter). */
  criterionOf(key: string): string | undefined {
    return this.#items.get(key)?.criterionKey
  }

  /** The action's links the year still has, in the grid's order. */
  itemsOf(action: Pick<ActionView, 'links'>): LinkedItem[] {
    return action.links
      .map((key) => this.#items.get(key))
      .filter((item) => item !== undefined)
      .sort((a, b) => a.order.localeCompare(b.order))
  }

  /** Orders actions by their first linked item; '' (last) for none. */
  sortKey(action: Pick<ActionView, 'links'>): string {
    return this.itemsOf(action)[0]?.order ?? ''
  }

  shortLabel(frameworkId: string): string {
    return this.frameworks.find((framework) => framework.id === frameworkId)?.shortLabel ?? frameworkId
  }
}
