/**
 * The runes bridge to a school-year workspace document (see shared/src/workspace/schema.ts).
 * Components read plain, reactive values from here and write through the methods below, which
 * call the shared accessors; they never observe Y types nor touch the document's maps themselves.
 *
 * Each reader observes only what it shows: the criteria observe the `frameworks` map, an entry
 * view its own entry, a text view its own Y.Text, the attributions their map. Observers are
 * attached while something renders the value and removed after (createSubscriber).
 */
import { createSubscriber } from 'svelte/reactivity'
import type * as Y from 'yjs'
import type { Scale } from '@rouages/shared/frameworks/types'
import { attributionOf } from '@rouages/shared/workspace/attribution'
import {
  addDescriptor,
  addPreuve,
  entryOf,
  entryText,
  followedFrameworkIds,
  frameworkLabelOf,
  readCriteria,
  readEntry,
  removeDescriptor,
  removePreuve,
  scaleOf,
  setDescriptorText,
  setLevel,
  synthesisText,
  type CriterionView,
} from '@rouages/shared/workspace/grid'
import type { Attribution, EntryTextField, EntryView, Preuve } from '@rouages/shared/workspace/schema'
import { YTextView } from '#lib/collab/y-text.svelte.ts'
import { CrosswalkView } from '#lib/workspace/crosswalk-view.svelte.ts'

export type { CriterionView, EntryView }

const EMPTY_ENTRY: EntryView = {
  level: null,
  constats: '',
  pointsForts: '',
  vigilance: '',
  preuves: [],
  indicatorIds: [],
  actionIds: [],
}

/** A reactive subscription to one Y.Map (deep by default), for as long as something reads it. */
function observing(type: Y.Map<unknown>, deep = true): () => void {
  return createSubscriber((update) => {
    const onChange = () => update()
    if (deep) {
      type.observeDeep(onChange)
      return () => type.unobserveDeep(onChange)
    }
    type.observe(onChange)
    return () => type.unobserve(onChange)
  })
}

/** One descriptor's entry (level, texts, preuves), re-read on every change inside it. */
export class EntryReader {
  readonly #doc: Y.Doc
  readonly #frameworkId: string
  readonly #descriptorId: string
  readonly #subscribe: (() => void) | undefined
  /** Whether the entry exists in the document (it is created with its descriptor). */
  readonly found: boolean

  constructor(doc: Y.Doc, frameworkId: string, descriptorId: string) {
    this.#doc = doc
    this.#frameworkId = frameworkId
    this.#descriptorId = descriptorId
    let entry: Y.Map<unknown> | undefined
    try {
      entry = entryOf(doc, frameworkId, descriptorId)
    } catch {
      entry = undefined
    }
    this.found = entry !== undefined
    this.#subscribe = entry ? observing(entry) : undefined
  }

  get current(): EntryView {
    if (!this.#subscribe) return EMPTY_ENTRY
    this.#subscribe()
    return readEntry(this.#doc, this.#frameworkId, this.#descriptorId)
  }
}

export class WorkspaceView {
  readonly doc: Y.Doc
  /** The crosswalk (links to reform measures and other frameworks' criteria). */
  readonly crosswalk: CrosswalkView
  readonly #subscribeFrameworks: () => void
  readonly #subscribeAttributions: () => void
  // Caches of readers, not state: each reader is reactive itself.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of readers, not state: each reader is reactive itself
  readonly #entries = new Map<string, EntryReader>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of views, not state: each view is reactive itself
  readonly #texts = new Map<string, YTextView>()

  constructor(doc: Y.Doc) {
    this.doc = doc
    this.crosswalk = new CrosswalkView(doc)
    // The two root maps the grid reads; naming them is the schema's business (schema.ts).
    this.#subscribeFrameworks = observing(doc.getMap('frameworks'))
    // Attributions are replaced whole by the server: a shallow observer sees every change.
    this.#subscribeAttributions = observing(doc.getMap('attributions'), false)
  }

  /** The frameworks the year follows, in their order. */
  get frameworkIds(): string[] {
    this.#subscribeFrameworks()
    return followedFrameworkIds(this.doc)
  }

  /** The framework's label as the year copied it (school-made frameworks too), else its id. */
  frameworkLabel(frameworkId: string): string {
    this.#subscribeFrameworks()
    return frameworkLabelOf(this.doc, frameworkId) ?? frameworkId
  }

  /** The label without its parenthesised precision, for tabs ("Label E3D"). */
  frameworkShortLabel(frameworkId: string): string {
    return this.frameworkLabel(frameworkId).replace(/\s*\([^)]*\)\s*$/, '') || frameworkId
  }

  scale(frameworkId: string): Scale {
    this.#subscribeFrameworks()
    return scaleOf(this.doc, frameworkId)
  }

  /** Criteria with their descriptors (text, order), re-read when any of them changes. */
  criteria(frameworkId: string): CriterionView[] {
    this.#subscribeFrameworks()
    return readCriteria(this.doc, frameworkId)
  }

  /** The reactive entry of a descriptor (one reader per descriptor, shared by every component). */
  entry(frameworkId: string, descriptorId: string): EntryReader {
    const key = `${frameworkId}:${descriptorId}`
    let reader = this.#entries.get(key)
    if (!reader) {
      reader = new EntryReader(this.doc, frameworkId, descriptorId)
      if (reader.found) this.#entries.set(key, reader)
    }
    return reader
  }

  /** The shared text of an entry field. */
  entryText(frameworkId: string, descriptorId: string, field: EntryTextField): YTextView {
    return this.#text(`entry:${frameworkId}:${descriptorId}:${field}`, () =>
      entryText(this.doc, frameworkId, descriptorId, field),
    )
  }

  /** The synthesis of a criterion. */
  synthesis(frameworkId: string, criterionId: string): YTextView {
    return this.#text(`synthesis:${frameworkId}:${criterionId}`, () =>
      synthesisText(this.doc, frameworkId, criterionId),
    )
  }

  /** Who changed a field last, as the server recorded it. */
  attribution(key: string): Attribution | undefined {
    this.#subscribeAttributions()
    return attributionOf(this.doc, key)
  }

  setLevel(frameworkId: string, descriptorId: string, levelId: string | null): void {
    setLevel(this.doc, frameworkId, descriptorId, levelId)
  }

  addDescriptor(frameworkId: string, criterionId: string, text: string): string {
    return addDescriptor(this.doc, frameworkId, criterionId, text)
  }

  setDescriptorText(frameworkId: string, criterionId: string, descriptorId: string, text: string): void {
    setDescriptorText(this.doc, frameworkId, criterionId, descriptorId, text)
  }

  removeDescriptor(frameworkId: string, criterionId: string, descriptorId: string): void {
    removeDescriptor(this.doc, frameworkId, criterionId, descriptorId)
  }

  addPreuve(frameworkId: string, descriptorId: string, preuve: Omit<Preuve, 'id'>): string {
    return addPreuve(this.doc, frameworkId, descriptorId, preuve)
  }

  removePreuve(frameworkId: string, descriptorId: string, preuveId: string): void {
    removePreuve(this.doc, frameworkId, descriptorId, preuveId)
  }

  #text(key: string, find: () => Y.Text): YTextView {
    let view = this.#texts.get(key)
    if (!view) {
      view = new YTextView(find())
      this.#texts.set(key, view)
    }
    return view
  }
}
