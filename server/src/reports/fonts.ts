import { createRequire } from 'node:module'
import { openSync, type Font } from 'fontkit'

/**
 * The fonts embedded in PDF reports, all installed from npm (no system font, no download):
 * Roboto (shipped with pdfmake) for the text; DejaVu Sans for the characters Roboto lacks — the
 * arrows of the evolutions (↑ ↓), and whatever else people type —, and DejaVu Sans Mono for the
 * digest.
 */
const require = createRequire(import.meta.url)
const file = (specifier: string) => require.resolve(specifier)

export const PDF_FONTS = {
  Roboto: {
    normal: file('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
    bold: file('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
    italics: file('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
    bolditalics: file('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
  },
  DejaVuSans: {
    normal: file('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    bold: file('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
    italics: file('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
    bolditalics: file('dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf'),
  },
  DejaVuSansMono: {
    normal: file('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
    bold: file('dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf'),
    italics: file('dejavu-fonts-ttf/ttf/DejaVuSansMono-Oblique.ttf'),
    bolditalics: file('dejavu-fonts-ttf/ttf/DejaVuSansMono-BoldOblique.ttf'),
  },
} as const

export const FONT_FILES: ReadonlySet<string> = new Set(
  Object.values(PDF_FONTS).flatMap((variants) => Object.values(variants)),
)

let coverage: { main: Set<number>; fallback: Set<number> } | undefined

function charactersOf(path: string): Set<number> {
  const font = openSync(path) as Font
  return new Set(font.characterSet)
}

/**
 * Splits a text into stretches for the main font and stretches only the fallback font can draw
 * (characters neither has stay with the main font).
 */
export function splitByFont(text: string): Array<{ text: string; fallback: boolean }> {
  coverage ??= {
    main: charactersOf(PDF_FONTS.Roboto.normal),
    fallback: charactersOf(PDF_FONTS.DejaVuSans.normal),
  }
  const { main, fallback } = coverage
  const parts: Array<{ text: string; fallback: boolean }> = []
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    const useFallback = !main.has(code) && fallback.has(code)
    const last = parts.at(-1)
    if (last && last.fallback === useFallback) last.text += char
    else parts.push({ text: char, fallback: useFallback })
  }
  return parts
}
