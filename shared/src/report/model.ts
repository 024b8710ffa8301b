/**
 * A report as a format-neutral document tree: what the PDF, DOCX and ODT renderers of the server
 * all draw, so the three files say the same thing. Every string is final text (French typography
 * applied, dates and numbers written out): renderers only lay it out.
 */

/** A stretch of text with one look. `color` (#RRGGBB) only ever doubles a word, never replaces it. */
export interface Run {
  text: string
  bold?: boolean
  italic?: boolean
  color?: string
}

/** A table cell: one line, or several lines (a list of values in one cell). */
export type Cell = string | Run | Array<string | Run>

export interface TableColumn {
  header: string
  /** Relative width: the renderers share the page width in these proportions. */
  width: number
  align?: 'left' | 'right' | 'center'
}

export type Block =
  | {
      type: 'paragraph'
      runs: Run[]
      /** `lead`: introduction text; `label`: a small heading of its own (kept with what follows); `muted`: an aside. */
      style?: 'body' | 'lead' | 'label' | 'muted'
    }
  | { type: 'list'; items: Run[][] }
  | { type: 'table'; caption: string; columns: TableColumn[]; rows: Cell[][] }

/**
 * A section and its heading: in a bilan's report, level 1 for the parts, 2 for a criterion, 3
 * inside a criterion; a dossier (`dossier.ts`) puts each report one level down, under a chapter.
 */
export interface ReportSection {
  /** Stable within the report, [a-z0-9-], starting with a letter: anchors and bookmarks. */
  id: string
  level: SectionLevel
  heading: string
  blocks: Block[]
  sections: ReportSection[]
  /** Starts a new page; by default only level 1 does (see `startsPage`). */
  newPage?: boolean
}

export type SectionLevel = 1 | 2 | 3 | 4

export interface TocEntry {
  id: string
  level: 1 | 2
  text: string
}

export interface TitlePage {
  /** "Rapport annuel — Suivi du label Lycée des métiers" */
  kicker: string
  etablissement: string
  /** "UAI 0691234A — Académie de Lyon" */
  etablissementDetails: string
  /** "Année scolaire 2025-2026" */
  schoolYear: string
  bilanName: string
  /** Figé le…, par…, note: label → value. */
  facts: Array<{ label: string; value: string }>
  /** The approval trail, in order, or one line saying it has not started (a bilan's cover only). */
  trail?: { heading: string; steps: Array<{ label: string; value: string }>; empty: string | null }
  /** The frozen version's fingerprint (a bilan's cover only). */
  digest?: { label: string; value: string }
}

export interface Report {
  /** Document properties (title, subject, author, language). */
  meta: { title: string; subject: string; author: string; language: string; keywords: string[] }
  titlePage: TitlePage
  tocTitle: string
  toc: TocEntry[]
  sections: ReportSection[]
  /** Printed at the foot of every page beside the page number. */
  footer: string
}

/** Whether a section starts a new page: the parts of a report do, unless told otherwise. */
export const startsPage = (section: ReportSection): boolean => section.newPage ?? section.level === 1

/** The table of contents of sections: each level-1 section and its level-2 children. */
export function tocOf(sections: ReportSection[]): TocEntry[] {
  return sections.flatMap((section) => [
    { id: section.id, level: 1 as const, text: section.heading },
    ...section.sections
      .filter((child) => child.level === 2)
      .map((child) => ({ id: child.id, level: 2 as const, text: child.heading })),
  ])
}

/** The lines of a cell, each as runs. */
export function cellLines(cell: Cell): Run[] {
  const lines = Array.isArray(cell) ? cell : [cell]
  return lines.map((line) => (typeof line === 'string' ? { text: line } : line))
}

/** Every section, depth first, in reading order. */
export function* walkSections(sections: ReportSection[]): Generator<ReportSection> {
  for (const section of sections) {
    yield section
    yield* walkSections(section.sections)
  }
}

/** The plain text of a report, in reading order (tests, search, accessibility checks). */
export function reportText(report: Report): string {
  const runs = (list: Run[]) => list.map((run) => run.text).join('')
  const lines: string[] = [
    report.titlePage.kicker,
    report.titlePage.etablissement,
    report.titlePage.etablissementDetails,
    report.titlePage.schoolYear,
    report.titlePage.bilanName,
    ...report.titlePage.facts.map((fact) => `${fact.label} ${fact.value}`),
    report.titlePage.trail?.heading ?? '',
    ...(report.titlePage.trail?.steps ?? []).map((step) => `${step.label} ${step.value}`),
    report.titlePage.trail?.empty ?? '',
    report.titlePage.digest ? `${report.titlePage.digest.label} ${report.titlePage.digest.value}` : '',
    report.tocTitle,
    ...report.toc.map((entry) => entry.text),
  ]
  for (const section of walkSections(report.sections)) {
    lines.push(section.heading)
    for (const block of section.blocks) {
      if (block.type === 'paragraph') lines.push(runs(block.runs))
      else if (block.type === 'list') lines.push(...block.items.map(runs))
      else {
        lines.push(block.caption, block.columns.map((column) => column.header).join(' | '))
        for (const row of block.rows)
          lines.push(
            row
              .map((cell) =>
                cellLines(cell)
                  .map((line) => line.text)
                  .join(' ; '),
              )
              .join(' | '),
          )
      }
    }
  }
  return lines.filter(Boolean).join('\n')
}
