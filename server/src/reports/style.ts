/**
 * The look shared by the three formats, so a PDF, a DOCX and an ODT of one bilan read alike.
 * Colours keep at least 4.5:1 contrast on white.
 */
export const PALETTE = {
  text: '#1F2328',
  muted: '#57606A',
  accent: '#1F4E79',
  rule: '#C9D1D9',
  headerFill: '#E8EEF4',
} as const

/** Body and heading sizes in points. */
export const SIZES = { body: 10, small: 9, h1: 18, h2: 13, h3: 11, h4: 10, title: 24 } as const

/** The font named in DOCX and ODT files; readers fall back to their own sans-serif without it. */
export const OFFICE_FONT = 'Arial'
