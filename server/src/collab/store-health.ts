/** Tracks documents whose last store failed, so /api/ready can report them (never silently). */
export class StoreHealth {
  readonly #failures = new Map<string, { message: string; at: string }>()

  failed(documentName: string, error: unknown, at: Date = new Date()): void {
    this.#failures.set(documentName, {
      message: error instanceof Error ? error.message : String(error),
      at: at.toISOString(),
    })
  }

  stored(documentName: string): void {
    this.#failures.delete(documentName)
  }

  /** Documents currently held in memory with a failed store, and why. */
  failures(): Array<{ document: string; message: string; at: string }> {
    return [...this.#failures].map(([document, f]) => ({ document, ...f }))
  }
}
