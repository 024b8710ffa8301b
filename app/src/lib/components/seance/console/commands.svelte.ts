/**
 * Runs the facilitator's commands of one part of the console: which ones are under way (their
 * buttons wait for the server) and why the last one was refused, in the server's own words.
 */
import { SvelteSet } from 'svelte/reactivity'
import type { SeanceCommand } from '@rouages/shared/api/seances'
import { failureMessage } from '#lib/api.ts'
import type { SeanceRoom } from '#lib/seance/seance-room.svelte.ts'

export class CommandRunner {
  /** The room, read when a command is sent (a component's `room` prop may change). */
  readonly #room: () => SeanceRoom
  readonly #running = new SvelteSet<string>()
  /** The server's answer to the last refused command, until the next one is sent. */
  failure = $state<string | undefined>()

  constructor(room: () => SeanceRoom) {
    this.#room = room
  }

  /** Whether the command named `key` (or any, without a key) is waiting for the server. */
  busy(key?: string): boolean {
    return key === undefined ? this.#running.size > 0 : this.#running.has(key)
  }

  /**
   * Sends a command (or runs another call of the room) under `key`; true when the server
   * accepted it. A refusal is kept in `failure`, never thrown.
   */
  async run(key: string, command: SeanceCommand | (() => Promise<unknown>)): Promise<boolean> {
    this.failure = undefined
    this.#running.add(key)
    try {
      await (typeof command === 'function' ? command() : this.#room().command(command))
      return true
    } catch (error) {
      this.failure = failureMessage(error)
      return false
    } finally {
      this.#running.delete(key)
    }
  }
}
