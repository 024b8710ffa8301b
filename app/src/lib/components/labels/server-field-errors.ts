/**
 * The server refuses a bad body with one sentence naming each field
 * (`Données invalides — cycleEnd : la fin du cycle doit suivre son début ; …`, see the server's
 * `http/validate.ts`). A form shows those messages next to their fields, as it shows its own.
 */
import { sentence, type FieldErrors } from '#lib/forms.ts'

/** The messages of `message` about the given fields; an empty object when it names none. */
export function serverFieldErrors(message: string, fields: readonly string[]): FieldErrors {
  const [, details = ''] = /^Données invalides — (.*)$/s.exec(message) ?? []
  const errors: FieldErrors = {}
  for (const detail of details.split(' ; ')) {
    const match = /^([\w.]+) : (.+)$/s.exec(detail.trim())
    const field = match?.[1]
    if (field && match[2] && fields.includes(field) && !errors[field]) errors[field] = sentence(match[2])
  }
  return errors
}
