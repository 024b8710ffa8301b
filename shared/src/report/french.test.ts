import { describe, expect, it } from 'vitest'
import {
  frenchDate,
  frenchDateOf,
  frenchDateTime,
  frenchNumber,
  frenchPeriod,
  frenchText,
  withUnit,
} from './french.ts'

const NB = '\u00A0'

describe('French typography', () => {
  it('puts no-break spaces before high punctuation and inside guillemets', () => {
    expect(frenchText('Attention : effectifs en baisse ; à suivre ! Pourquoi ?')).toBe(
      `Attention${NB}: effectifs en baisse${NB}; à suivre${NB}! Pourquoi${NB}?`,
    )
    // Added when the word touches the sign, as people often type it.
    expect(frenchText('Perspectives: former les tuteurs; vite!')).toBe(
      `Perspectives${NB}: former les tuteurs${NB}; vite${NB}!`,
    )
    expect(frenchText('le projet « Théâtre et métiers »')).toBe(`le projet «${NB}Théâtre et métiers${NB}»`)
    expect(frenchText('le projet "Théâtre et métiers"')).toBe(`le projet «${NB}Théâtre et métiers${NB}»`)
    expect(frenchText("l'accueil d'apprentis")).toBe('l’accueil d’apprentis')
    expect(frenchText('collé\u000Bdepuis\u0007 Word')).toBe('collé depuis Word')
    expect(frenchText('42 % des élèves, 86% de réussite')).toBe(`42${NB}% des élèves, 86${NB}% de réussite`)
  })

  it('leaves URLs, times and ratios alone, and is idempotent', () => {
    for (const text of ['https://example.org/a?b=1', 'à 10:30', 'ratio 3:2'])
      expect(frenchText(text)).toBe(text)
    const once = frenchText('Bilan: "réussi" ! Vraiment?')
    expect(frenchText(once)).toBe(once)
  })

  it('writes dates out, with 1er for the first of the month, on the school’s calendar', () => {
    expect(frenchDate('2026-06-25')).toBe(`25${NB}juin 2026`)
    expect(frenchDate('2025-09-01')).toBe(`1er${NB}septembre 2025`)
    expect(frenchDate('2026-02-13')).toBe(`13${NB}février 2026`)
    expect(() => frenchDate('25/06/2026')).toThrow(/ISO date/)
    // 22:30 UTC on 25 June is already 26 June in Paris, still 25 June in Guadeloupe.
    expect(frenchDateOf('2026-06-25T22:30:00Z', 'Europe/Paris')).toBe(`26${NB}juin 2026`)
    expect(frenchDateOf('2026-06-25T22:30:00Z', 'America/Guadeloupe')).toBe(`25${NB}juin 2026`)
    expect(frenchDateTime('2026-06-25T12:05:00Z', 'Europe/Paris')).toBe(`25${NB}juin 2026 à 14${NB}h${NB}05`)
    expect(frenchPeriod('2025-10-31')).toBe(`31${NB}octobre 2025`)
    expect(frenchPeriod('2025-2026')).toBe('2025-2026')
  })

  it('writes numbers with a decimal comma and grouped digits', () => {
    expect(frenchNumber(12.5)).toBe('12,5')
    expect(frenchNumber(9.75)).toBe('9,75')
    expect(frenchNumber(0.1 + 0.2)).toBe('0,3')
    expect(frenchNumber(-3)).toBe('-3')
    expect(frenchNumber(2026)).toBe('2026')
    expect(frenchNumber(12345.25)).toBe(`12${NB}345,25`)
    expect(withUnit(86, '%')).toBe(`86${NB}%`)
    expect(withUnit(57, ' entreprises ')).toBe(`57${NB}entreprises`)
    expect(withUnit(4, '')).toBe('4')
    expect(() => frenchNumber(Number.NaN)).toThrow()
  })
})
