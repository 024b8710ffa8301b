/**
 * What the HTTP side tells the collaboration side when access changes, so live sockets do not
 * keep rights that were taken away (logout, password change, role change, removal).
 */
export interface LiveAccess {
  sessionsEnded(sessionIds: string[]): void
  accessChanged(userId: string, etablissementId: string): void
  /** A séance ended: its guests' sockets close (their rights end with it). */
  seanceEnded(seanceId: string): void
}

/** For code paths (tests, tools) that have no live connections to notify. */
export const noLiveAccess: LiveAccess = { sessionsEnded() {}, accessChanged() {}, seanceEnded() {} }
