import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { ValidationTargets } from 'hono'
import { validator } from 'hono-openapi'
import { apiError } from './errors.ts'

/**
 * Request validation with the shared schemas; the same schemas describe the route in the
 * OpenAPI document. A failure is a 400 `validation` error naming each field.
 */
export function validate<Schema extends StandardSchemaV1, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  return validator(target, schema, (result) => {
    if (result.success) return
    const details = result.error.map((issue) => {
      const field = issue.path?.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.')
      return field ? `${field} : ${issue.message}` : issue.message
    })
    throw apiError(400, 'validation', `Données invalides — ${details.join(' ; ')}`)
  })
}
