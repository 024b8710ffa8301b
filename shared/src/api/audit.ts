import * as v from 'valibot'
import { IdSchema, IsoDateTimeSchema } from './common.ts'

/** One line of the audit trail (traçabilité). */
export const AuditEventSchema = v.object({
  id: v.number(),
  at: IsoDateTimeSchema,
  actor: v.nullable(v.object({ id: IdSchema, displayName: v.string() })),
  /** e.g. `member.role-changed`, `invitation.created`, `document.edited`. */
  action: v.string(),
  /** What was acted on, e.g. a document name or a user id. */
  target: v.nullable(v.string()),
  details: v.record(v.string(), v.unknown()),
})
export type AuditEvent = v.InferOutput<typeof AuditEventSchema>

export const AuditQuerySchema = v.object({
  actor: v.optional(IdSchema),
  action: v.optional(v.pipe(v.string(), v.maxLength(64))),
  from: v.optional(IsoDateTimeSchema),
  to: v.optional(IsoDateTimeSchema),
  /** Events older than this id (pagination, newest first). */
  before: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(500)),
    '100',
  ),
})

export const AuditPageSchema = v.object({
  events: v.array(AuditEventSchema),
  /** Pass as `before` to get the next page; null at the end. */
  nextBefore: v.nullable(v.number()),
})
export type AuditPage = v.InferOutput<typeof AuditPageSchema>
