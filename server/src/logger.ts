import { pino, type Logger } from 'pino'

export type { Logger }

/** Structured JSON logs on stdout, one line per event (I3). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'rouages' }, timestamp: pino.stdTimeFunctions.isoTime })
}
