/**
 * Client-side checks with the very schemas the server applies, so a form says what is wrong
 * before sending, in the same words the server would use.
 */
import * as v from 'valibot'

/** Field name → the message to show next to it. */
export type FieldErrors = Partial<Record<string, string>>

export type Checked<S extends v.GenericSchema> =
  | { success: true; output: v.InferOutput<S>; errors: FieldErrors }
  | { success: false; output: undefined; errors: FieldErrors }

/** "le nom est obligatoire" → "Le nom est obligatoire." */
export function sentence(message: string): string {
  const text = message.trim()
  if (!text) return text
  const capitalised = text.charAt(0).toLocaleUpperCase('fr') + text.slice(1)
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`
}

/** Validates `input` with `schema`; on failure, the first message of each field. */
export function check<S extends v.GenericSchema>(schema: S, input: unknown): Checked<S> {
  const result = v.safeParse(schema, input)
  if (result.success) return { success: true, output: result.output, errors: {} }
  const flat = v.flatten(result.issues)
  const errors: FieldErrors = {}
  for (const [field, messages] of Object.entries(flat.nested ?? {})) {
    const first = (messages as string[] | undefined)?.[0]
    if (first) errors[field] = sentence(first)
  }
  if (flat.root?.[0]) errors.form = sentence(flat.root[0])
  return { success: false, output: undefined, errors }
}

/** Moves focus to the first field reported invalid in `form` (after the DOM has updated). */
export function focusFirstInvalid(form: HTMLFormElement | undefined): void {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  })
}
