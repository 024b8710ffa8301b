/** The patterns a level can carry, with their names in the language of the page. */
import type { FrameworkDefinition } from '@rouages/shared/api/frameworks'
import { m } from '#lib/paraglide/messages.js'

export type Pattern = FrameworkDefinition['scale']['levels'][number]['pattern']

export const PATTERNS: readonly Pattern[] = [
  'empty',
  'quarter',
  'half',
  'three-quarters',
  'full',
  'cross',
  'dash',
  'check',
]

export function patternLabel(pattern: Pattern): string {
  switch (pattern) {
    case 'empty':
      return m.library_pattern_empty()
    case 'quarter':
      return m.library_pattern_quarter()
    case 'half':
      return m.library_pattern_half()
    case 'three-quarters':
      return m.library_pattern_three_quarters()
    case 'full':
      return m.library_pattern_full()
    case 'cross':
      return m.library_pattern_cross()
    case 'dash':
      return m.library_pattern_dash()
    case 'check':
      return m.library_pattern_check()
  }
}

/** WCAG contrast ratio of `#RRGGBB` against white (white text on the level's colour). */
export function contrastWithWhite(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return 21
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return 1.05 / (luminance + 0.05)
}
