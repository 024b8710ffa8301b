import { describe, expect, it } from 'vitest'
import { cyclePosition, proposedCycle } from './cycle.ts'
import { serverFieldErrors } from './server-field-errors.ts'

describe('labelling cycles', () => {
  it('says which year of its cycle a label is in, the school year starting in September', () => {
    expect(cyclePosition(2023, 2028, new Date(2026, 2, 10))).toEqual({ kind: 'during', year: 3, total: 5 })
    expect(cyclePosition(2023, 2028, new Date(2023, 8, 1))).toEqual({ kind: 'during', year: 1, total: 5 })
    expect(cyclePosition(2023, 2028, new Date(2028, 5, 30))).toEqual({ kind: 'during', year: 5, total: 5 })
    expect(cyclePosition(2023, 2028, new Date(2028, 8, 1))).toEqual({ kind: 'after' })
    expect(cyclePosition(2023, 2028, new Date(2023, 7, 31))).toEqual({ kind: 'before' })
  })

  it('proposes a cycle from the current school year for the framework’s length', () => {
    expect(proposedCycle(new Date(2026, 2, 10), 5)).toEqual({ cycleStart: 2025, cycleEnd: 2030 })
    expect(proposedCycle(new Date(2026, 9, 1), 3)).toEqual({ cycleStart: 2026, cycleEnd: 2029 })
    expect(proposedCycle(new Date(2026, 9, 1), undefined)).toEqual({ cycleStart: 2026, cycleEnd: 2031 })
  })
})

describe('the server’s refusals, field by field', () => {
  it('reads each field’s message from the server’s sentence', () => {
    expect(
      serverFieldErrors(
        'Données invalides — cycleEnd : la fin du cycle doit suivre son début ; intitule : intitulé trop long',
        ['intitule', 'cycleEnd'],
      ),
    ).toEqual({ cycleEnd: 'La fin du cycle doit suivre son début.', intitule: 'Intitulé trop long.' })
  })

  it('ignores other fields and other sentences', () => {
    expect(serverFieldErrors('Données invalides — labelId : identifiant invalide', ['intitule'])).toEqual({})
    expect(serverFieldErrors('Référentiel inconnu : abc', ['frameworkId'])).toEqual({})
  })
})
