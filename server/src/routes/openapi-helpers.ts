import { resolver } from 'hono-openapi'
import type * as v from 'valibot'
import { ApiErrorSchema } from '@rouages/shared/api/common'

/** An OpenAPI response whose JSON body is described by a shared schema. */
export const jsonResponse = (schema: v.GenericSchema, description: string) => ({
  description,
  content: { 'application/json': { schema: resolver(schema) } },
})

/** Every route may answer the shared error body. */
export const errorResponses = { default: jsonResponse(ApiErrorSchema, 'Erreur') }
