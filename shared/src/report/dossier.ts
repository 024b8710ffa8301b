import { NBSP } from './french.ts'
import {
  startsPage,
  tocOf,
  walkSections,
  type Block,
  type Report,
  type ReportSection,
  type SectionLevel,
  type TitlePage,
} from './model.ts'

/**
 * Reports put together into one (H2's renewal dossier): a cover and opening sections of the
 * dossier's own, then each report as a chapter. A chapter opens with what its report's cover said
 * (facts, approval trail, digest); the report's sections follow one level down, keeping the pages
 * they started, with their anchors prefixed so every id stays unique. The result is a `Report`
 * like any other: the PDF, DOCX and ODT renderers draw it as they are.
 */
export interface DossierChapter {
  /** The chapter's heading, e.g. "Bilan 2024-2025 — Bilan de juin". */
  heading: string
  report: Report
}

/** What the dossier says itself, before its chapters. */
export interface DossierFront {
  meta: Report['meta']
  titlePage: TitlePage
  tocTitle: string
  footer: string
  sections: ReportSection[]
}

export function dossier(front: DossierFront, chapters: DossierChapter[]): Report {
  const sections = [
    ...front.sections,
    ...chapters.map((chapter, i) => chapterSection(chapter, `partie-${i + 1}`)),
  ]
  const seen = new Set<string>()
  for (const section of walkSections(sections)) {
    if (seen.has(section.id)) throw new Error(`two sections of the dossier have the id ${section.id}`)
    seen.add(section.id)
  }
  return {
    meta: front.meta,
    titlePage: front.titlePage,
    tocTitle: front.tocTitle,
    toc: tocOf(sections),
    sections,
    footer: front.footer,
  }
}

function chapterSection(chapter: DossierChapter, id: string): ReportSection {
  return {
    id,
    level: 1,
    heading: chapter.heading,
    blocks: coverBlocks(chapter.report.titlePage),
    sections: chapter.report.sections.map((section) => demoted(section, id)),
  }
}

const DEEPER: Record<SectionLevel, SectionLevel | undefined> = { 1: 2, 2: 3, 3: 4, 4: undefined }

/** A report's section one level down inside a chapter: same pages, prefixed anchors. */
function demoted(section: ReportSection, prefix: string): ReportSection {
  const level = DEEPER[section.level]
  if (!level) throw new Error(`the section ${section.id} is too deep to go into a dossier`)
  return {
    ...section,
    id: `${prefix}-${section.id}`,
    level,
    newPage: startsPage(section),
    sections: section.sections.map((child) => demoted(child, prefix)),
  }
}

/** A report's cover as the opening of its chapter: its facts, approval trail and digest. */
function coverBlocks(cover: TitlePage): Block[] {
  const fact = (label: string, value: string): Block => ({
    type: 'paragraph',
    runs: [{ text: `${label}${NBSP}: `, bold: true }, { text: value }],
  })
  const blocks: Block[] = [
    { type: 'paragraph', style: 'lead', runs: [{ text: `${cover.schoolYear} — ${cover.bilanName}` }] },
    ...cover.facts.map((row) => fact(row.label, row.value)),
  ]
  if (cover.trail) {
    blocks.push({ type: 'paragraph', style: 'label', runs: [{ text: cover.trail.heading }] })
    if (cover.trail.empty)
      blocks.push({ type: 'paragraph', style: 'muted', runs: [{ text: cover.trail.empty, italic: true }] })
    if (cover.trail.steps.length > 0)
      blocks.push({
        type: 'list',
        items: cover.trail.steps.map((step) => [
          { text: step.label, bold: true },
          { text: ` ${step.value}` },
        ]),
      })
  }
  if (cover.digest) blocks.push(fact(cover.digest.label, cover.digest.value))
  return blocks
}
