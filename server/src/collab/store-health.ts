/**
 * Tracks documents whose storage is failing, so /api/ready can report them (never silently):
 * a failed store (the document is held in memory, unsaved) or a refused update (the log could
 * not record it, so the client was told and keeps it).
 */
export class StoreHealth {
  readonly #failures = new Map<string, { message: string; at: string; kind: 'store' | 'log' }>()

  failed(documentName: string, error: unknown, at: Date = new Date()): void {
    this.#failures.set(documentName, { message: messageOf(error), at: at.toISOString(), kind: 'store' })
  }

  stored(documentName: string): void {
    this.#failures.delete(documentName)
  }

  /** An update to the document could not be logged; a failed store, if any, stays reported. */
  refused(documentName: string, error: unknown, at: Date = new Date()): void {
    if (this.#failures.get(documentName)?.kind === 'store') return
    this.#failures.set(documentName, { message: messageOf(error), at: at.toISOString(), kind: 'log' })
  }

  /** An update to the document was logged again: a refusal is over (a failed store is not). */
  logged(documentName: string): void {
    if (this.#failures.get(documentName)?.kind === 'log') this.#failures.delete(documentName)
  }

  /** Documents currently failing to be saved, and why. */
  failures(): Array<{ document: string; message: string; at: string }> {
    return [...this.#failures].map(([document, { message, at }]) => ({ document, message, at }))
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
