/**
 * The runes bridge to a school year's crosswalk (H1, shared/src/workspace/crosswalk.ts): for a
 * criterion, the 2023 reform measures and the criteria of the year's other frameworks linked to
 * it, and what can still be linked. Reads observe the crosswalk map, and the frameworks map whose
 * criteria they name, while something renders them; writes go through the shared accessors.
 */
import { createSubscriber } from 'svelte/reactivity'
import type * as Y from 'yjs'
import type { ReformMeasure } from '@rouages/shared/frameworks/types'
import {
  addCrosswalkLink,
  crosswalkCandidates,
  linkedCriteria,
  reformMeasuresFor,
  removeCrosswalkLink,
  type LinkedCriterion,
} from '@rouages/shared/workspace/crosswalk'

export type { LinkedCriterion, ReformMeasure }

export interface CriterionCrosswalk {
  measures: ReformMeasure[]
  criteria: LinkedCriterion[]
}

export class CrosswalkView {
  readonly #doc: Y.Doc
  readonly #subscribe: () => void

  constructor(doc: Y.Doc) {
    this.#doc = doc
    // Links are keys set or deleted (a shallow observer sees them); criteria may be renamed.
    const links = doc.getMap('crosswalk')
    const frameworks = doc.getMap('frameworks')
    this.#subscribe = createSubscriber((update) => {
      const onChange = () => update()
      links.observe(onChange)
      frameworks.observeDeep(onChange)
      return () => {
        links.unobserve(onChange)
        frameworks.unobserveDeep(onChange)
      }
    })
  }

  /** What is linked to a criterion: reform measures in the reform's order, criteria in the year's. */
  linksOf(criterionId: string): CriterionCrosswalk {
    this.#subscribe()
    return {
      measures: reformMeasuresFor(this.#doc, criterionId),
      criteria: linkedCriteria(this.#doc, criterionId),
    }
  }

  /** What can still be linked to a criterion (nothing is offered twice). */
  candidatesOf(criterionId: string): CriterionCrosswalk {
    this.#subscribe()
    return crosswalkCandidates(this.#doc, criterionId)
  }

  /** Links a criterion to a reform measure or to a criterion of another followed framework. */
  add(criterionId: string, itemId: string): void {
    addCrosswalkLink(this.#doc, criterionId, itemId)
  }

  remove(criterionId: string, itemId: string): void {
    removeCrosswalkLink(this.#doc, criterionId, itemId)
  }
}
