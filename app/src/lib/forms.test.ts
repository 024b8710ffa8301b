import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { SignupSchema } from '@rouages/shared/api/auth'
import { check, sentence } from './forms.ts'

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
