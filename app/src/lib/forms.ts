/**
 * Client-side checks with the very schemas the server applies, so a form says what is wrong
 * before sending, in the same words the server would use; and the one way a form is sent
 * (`submitWith`, `sending`): errors next to their fields, focus on the first, an alert above the
 * form, the submit button busy while the request runs.
 */
import * as v from 'valibot'
import { failureMessage } from '#lib/api.ts'
import { m } from '#lib/paraglide/messages.js'

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

/** What a form shows of its sending. Pages hold it in `$state(idleForm())` to re-render. */
export interface FormStatus {
  /** Field name → the message shown next to it. */
  errors: FieldErrors
  /** The alert above the form: fields to correct, or why the request failed. */
  failure: string | undefined
  /** The request is running: the submit button says so and is disabled. */
  busy: boolean
}

export const idleForm = (): FormStatus => ({ errors: {}, failure: undefined, busy: false })

/**
 * Runs `send` with the form busy. A failure becomes the form's alert (in the server's words);
 * `onFailure` then sees the error, for a page that reacts to one in particular (a dead link).
 */
export async function sending(
  status: FormStatus,
  send: () => Promise<void>,
  onFailure?: (error: unknown) => void,
): Promise<void> {
  status.failure = undefined
  status.busy = true
  try {
    await send()
  } catch (error) {
    status.failure = failureMessage(error)
    onFailure?.(error)
  } finally {
    status.busy = false
  }
}

export interface FormSubmission<S extends v.GenericSchema> {
  schema: S
  /** The form's values, read when it is submitted. */
  values: () => unknown
  /** Problems the schema cannot see, shown like its own (they win on the same field). */
  moreErrors?: () => FieldErrors
  /** Sends the checked values (the schema's output: trimmed, lower-cased…). */
  send: (output: v.InferOutput<S>) => Promise<void>
  onFailure?: (error: unknown) => void
}

/**
 * The form's submit handler (`onsubmit`): checks the values with the shared schema; if anything
 * is wrong, says so next to each field and above the form and focuses the form's first invalid
 * field, without sending; else sends (see `sending`).
 */
export function submitWith<S extends v.GenericSchema>(
  status: FormStatus,
  submission: FormSubmission<S>,
): (event?: SubmitEvent) => Promise<void> {
  return async (event) => {
    event?.preventDefault()
    // Read before any await: the event forgets its target once handled.
    const form = (event?.currentTarget ?? undefined) as HTMLFormElement | undefined
    status.failure = undefined
    const checked = check(submission.schema, submission.values())
    const more = Object.entries(submission.moreErrors?.() ?? {}).filter(([, message]) => message)
    status.errors = { ...checked.errors, ...Object.fromEntries(more) }
    if (!checked.success || more.length > 0) {
      status.failure = m.form_has_errors()
      focusFirstInvalid(form)
      return
    }
    await sending(status, () => submission.send(checked.output), submission.onFailure)
  }
}
