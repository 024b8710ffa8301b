import * as v from 'valibot'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PasswordResetRequestSchema, SignupSchema } from '@rouages/shared/api/auth'
import { ApiFailure } from './api.ts'
import { check, idleForm, sending, sentence, submitWith, type FormStatus } from './forms.ts'

describe('check', () => {
  it('gives the first message of each invalid field, as a sentence', () => {
    const result = check(SignupSchema, { displayName: ' ', email: 'pas-une-adresse', password: 'court' })
    expect(result.success).toBe(false)
    expect(result.errors).toEqual({
      displayName: 'Le nom est obligatoire.',
      email: 'Adresse e-mail invalide.',
      password: 'Le mot de passe doit compter au moins 10 caractères.',
    })
  })

  it('returns the schema output (trimmed, lower-cased) when valid', () => {
    const result = check(SignupSchema, {
      displayName: ' Claire Martin ',
      email: ' Claire.Martin@Lycee-Exemple.fr ',
      password: 'une phrase de passe',
    })
    expect(result.success).toBe(true)
    expect(result.output).toMatchObject({
      displayName: 'Claire Martin',
      email: 'claire.martin@lycee-exemple.fr',
    })
  })

  it('reports form-level issues under "form"', () => {
    const schema = v.pipe(
      v.object({ a: v.string() }),
      v.check(() => false, 'les deux champs diffèrent'),
    )
    expect(check(schema, { a: 'x' }).errors).toEqual({ form: 'Les deux champs diffèrent.' })
  })
})

describe('sentence', () => {
  it('capitalises and ends with a full stop once', () => {
    expect(sentence('adresse e-mail invalide')).toBe('Adresse e-mail invalide.')
    expect(sentence('déjà une phrase.')).toBe('Déjà une phrase.')
    expect(sentence('')).toBe('')
  })
})

describe('submitWith', () => {
  const focused: string[] = []
  /** A stand-in form: focusing its first invalid field is recorded. */
  const form = {
    querySelector: (selector: string) => ({ focus: () => focused.push(selector) }),
  } as unknown as HTMLFormElement
  let submitted: SubmitEvent
  let preventDefault: ReturnType<typeof vi.fn>

  beforeEach(() => {
    focused.length = 0
    preventDefault = vi.fn()
    submitted = { preventDefault, currentTarget: form } as unknown as SubmitEvent
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => callback())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends the schema output, busy while the request runs', async () => {
    const status = idleForm()
    const seen: Array<{ output: unknown; busy: boolean }> = []
    const submit = submitWith(status, {
      schema: PasswordResetRequestSchema,
      values: () => ({ email: ' Claire.Martin@Lycee-Exemple.fr ' }),
      send: (output) => {
        seen.push({ output, busy: status.busy })
        return Promise.resolve()
      },
    })
    await submit(submitted)
    expect(preventDefault).toHaveBeenCalled()
    expect(seen).toEqual([{ output: { email: 'claire.martin@lycee-exemple.fr' }, busy: true }])
    expect(status).toEqual({ errors: {}, failure: undefined, busy: false })
  })

  it('does not send invalid values: errors by field, an alert, focus on the first invalid field', async () => {
    const status: FormStatus = { ...idleForm(), failure: 'une erreur précédente' }
    const send = vi.fn(async () => {})
    await submitWith(status, { schema: PasswordResetRequestSchema, values: () => ({ email: 'x' }), send })(
      submitted,
    )
    expect(send).not.toHaveBeenCalled()
    expect(status.errors).toEqual({ email: 'Adresse e-mail invalide.' })
    expect(status.failure).toMatch(/^Le formulaire n’a pas été envoyé\s*: corrigez les champs signalés\.$/)
    expect(status.busy).toBe(false)
    expect(focused).toEqual(['[aria-invalid="true"]'])
  })

  it('adds the problems the schema cannot see, and refuses on them alone', async () => {
    const status = idleForm()
    const send = vi.fn(async () => {})
    const submit = submitWith(status, {
      schema: PasswordResetRequestSchema,
      values: () => ({ email: 'claire@lycee-exemple.fr' }),
      moreErrors: () => ({ password: 'Le mot de passe est obligatoire.', other: undefined }),
      send,
    })
    await submit(submitted)
    expect(send).not.toHaveBeenCalled()
    expect(status.errors).toEqual({ password: 'Le mot de passe est obligatoire.' })
    expect(status.failure).toMatch(/corrigez les champs signalés/)
  })

  it('shows a failed request in the server’s words and hands the error over', async () => {
    const status = idleForm()
    const failures: unknown[] = []
    const refused = new ApiFailure(400, 'invalid-token', 'Ce lien n’est plus valable.')
    await submitWith(status, {
      schema: PasswordResetRequestSchema,
      values: () => ({ email: 'claire@lycee-exemple.fr' }),
      send: () => Promise.reject(refused),
      onFailure: (error) => failures.push(error),
    })()
    expect(status).toEqual({ errors: {}, failure: 'Ce lien n’est plus valable.', busy: false })
    expect(failures).toEqual([refused])
  })
})

describe('sending', () => {
  it('clears the previous alert, and sets it again when the request fails', async () => {
    const status: FormStatus = { ...idleForm(), failure: 'avant' }
    await sending(status, () => {
      expect(status).toMatchObject({ failure: undefined, busy: true })
      return Promise.resolve()
    })
    expect(status).toMatchObject({ failure: undefined, busy: false })
    await sending(status, () => Promise.reject(new ApiFailure(409, 'conflict', 'Déjà membre.')))
    expect(status).toMatchObject({ failure: 'Déjà membre.', busy: false })
  })
})
