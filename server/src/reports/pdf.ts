import pdfmake from 'pdfmake'
import type { Content, ContentText, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js'
import {
  cellLines,
  startsPage,
  type Block,
  type Report,
  type ReportSection,
  type Run,
} from '@rouages/shared/report/model'
import { FONT_FILES, PDF_FONTS, splitByFont } from './fonts.ts'
import { PALETTE } from './style.ts'

/**
 * A report as a PDF (pdfmake, no browser): A4, a title page, a table of contents page with page
 * numbers, headings as bookmarks, "Page N sur M" at the foot of every page after the title page.
 */
pdfmake.setFonts(PDF_FONTS)
// Reports never fetch anything, and read no file but their fonts.
pdfmake.setUrlAccessPolicy(() => false)
pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path))

const A4_WIDTH = 595.28
const MARGIN = 56
const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN
const CELL_PADDING = 5

export async function reportPdf(report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN + 8],
    language: report.meta.language,
    displayTitle: true,
    info: {
      title: report.meta.title,
      author: report.meta.author,
      subject: report.meta.subject,
      keywords: report.meta.keywords.join(', '),
      creator: 'Rouages',
    },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25, color: PALETTE.text },
    styles: {
      h1: { fontSize: 18, bold: true, color: PALETTE.accent, margin: [0, 0, 0, 10] },
      h2: { fontSize: 13, bold: true, color: PALETTE.accent, margin: [0, 16, 0, 6] },
      h3: { fontSize: 11, bold: true, color: PALETTE.accent, margin: [0, 10, 0, 4] },
      h4: { fontSize: 10, bold: true, color: PALETTE.accent, margin: [0, 8, 0, 3] },
      lead: { fontSize: 11, margin: [0, 0, 0, 8] },
      label: { bold: true, margin: [0, 8, 0, 2] },
      muted: { color: PALETTE.muted, margin: [0, 0, 0, 6] },
      body: { margin: [0, 0, 0, 4] },
      tableCaption: { bold: true, fontSize: 10 },
      tableHeader: { bold: true, fontSize: 9, color: PALETTE.text },
      tableCell: { fontSize: 9, lineHeight: 1.2 },
    },
    footer: (page, pages) =>
      page === 1
        ? null
        : {
            margin: [MARGIN, 16, MARGIN, 0],
            fontSize: 8,
            color: PALETTE.muted,
            columns: [
              { text: runs([{ text: report.footer }]), width: '*' },
              { text: `Page ${page} sur ${pages}`, width: 'auto', alignment: 'right' },
            ],
          },
    content: [
      titlePage(report),
      tocPage(report),
      ...keepTogether(report.sections.flatMap((s) => section(s))),
    ],
  }
  const pdf = pdfmake.createPdf(definition)
  return new Uint8Array(await pdf.getBuffer())
}

/** Text runs, with the characters Roboto lacks set in DejaVu Sans. */
function runs(list: Run[]): ContentText['text'] {
  return list.flatMap((run) =>
    splitByFont(run.text).map((part) => ({
      text: part.text,
      ...(part.fallback ? { font: 'DejaVuSans' } : {}),
      ...(run.bold ? { bold: true } : {}),
      ...(run.italic ? { italics: true } : {}),
      ...(run.color ? { color: run.color } : {}),
    })),
  )
}

function titlePage(report: Report): Content {
  const t = report.titlePage
  const facts = (rows: Array<{ label: string; value: string }>) => ({
    table: {
      widths: [150, '*'],
      body: rows.map((row) => [
        { text: runs([{ text: row.label }]), bold: true, color: PALETTE.muted },
        { text: runs([{ text: row.value }]) },
      ]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 12] as [number, number, number, number],
  })
  return {
    stack: [
      {
        text: runs([{ text: t.kicker }]),
        fontSize: 11,
        bold: true,
        color: PALETTE.accent,
        margin: [0, 80, 0, 24],
      },
      { text: runs([{ text: t.etablissement }]), fontSize: 24, bold: true, margin: [0, 0, 0, 6] },
      {
        text: runs([{ text: t.etablissementDetails }]),
        fontSize: 11,
        color: PALETTE.muted,
        margin: [0, 0, 0, 40],
      },
      { text: runs([{ text: t.schoolYear }]), fontSize: 16, margin: [0, 0, 0, 6] },
      {
        text: runs([{ text: t.bilanName }]),
        fontSize: 20,
        bold: true,
        color: PALETTE.accent,
        margin: [0, 0, 0, 40],
      },
      facts(t.facts),
      ...(t.trail
        ? [
            { text: runs([{ text: t.trail.heading }]), style: 'h3' },
            t.trail.empty
              ? { text: runs([{ text: t.trail.empty, italic: true }]), style: 'muted' }
              : facts(t.trail.steps),
          ]
        : []),
      ...(t.digest
        ? [
            {
              text: runs([{ text: t.digest.label }]),
              bold: true,
              color: PALETTE.muted,
              margin: [0, 24, 0, 2] as [number, number, number, number],
            },
            { text: t.digest.value, font: 'DejaVuSansMono', fontSize: 8.5 },
          ]
        : []),
    ],
    pageBreak: 'after',
  }
}

function tocPage(report: Report): Content {
  return {
    toc: {
      title: { text: report.tocTitle, style: 'h1' },
      textMargin: [0, 3, 0, 3],
      numberStyle: { bold: false },
    },
  }
}

/** A piece of content, and whether it must stay on the page of what follows it (headings). */
interface Piece {
  content: Content
  keepWithNext: boolean
  breakable?: boolean
  pageBreakBefore?: boolean
}

/**
 * Headings and descriptor names never end a page: each is bound, unbreakable, to what follows —
 * unless that is a table, which must be free to run over pages (its header row repeats).
 */
function keepTogether(pieces: Piece[]): Content[] {
  const out: Content[] = []
  let pending: Piece[] = []
  // The page break of a group goes on the group, never inside an unbreakable stack.
  const group = (list: Piece[]): Content => {
    const pageBreak = list[0]?.pageBreakBefore ? { pageBreak: 'before' as const } : {}
    return list.length === 1 && list[0]
      ? { stack: [list[0].content], ...pageBreak }
      : { stack: list.map((piece) => piece.content), unbreakable: true, ...pageBreak }
  }
  for (const piece of pieces) {
    if (piece.breakable) {
      out.push(...pending.map((p) => group([p])), group([piece]))
      pending = []
    } else if (piece.keepWithNext) {
      pending.push(piece)
    } else {
      out.push(group([...pending, piece]))
      pending = []
    }
  }
  return [...out, ...pending.map((p) => group([p]))]
}

/** A section's pieces; its heading is a bookmark under its parent's (`parentId`) when it has one. */
function section(s: ReportSection, parentId?: string): Piece[] {
  const style = `h${s.level}`
  const heading = {
    text: runs([{ text: s.heading }]),
    style,
    id: s.id,
    ...(s.level <= 2
      ? {
          tocItem: true,
          tocStyle: s.level === 1 ? { bold: true } : { fontSize: 9.5 },
          tocMargin: s.level === 1 ? [0, 8, 0, 2] : [14, 2, 0, 2],
          outline: true,
          outlineText: s.heading,
          ...(parentId ? { outlineParentId: parentId } : {}),
        }
      : {}),
  } as ContentText
  return [
    // The parts of a report each start a page (in a dossier, they are one level down).
    { content: heading, keepWithNext: true, pageBreakBefore: startsPage(s) },
    ...s.blocks.map(block),
    ...s.sections.flatMap((child) => section(child, s.id)),
  ]
}

function block(b: Block): Piece {
  switch (b.type) {
    case 'paragraph': {
      const style = b.style ?? 'body'
      return { content: { text: runs(b.runs), style }, keepWithNext: style === 'label' || style === 'lead' }
    }
    case 'list':
      return {
        content: {
          ul: b.items.map((item) => ({ text: runs(item), margin: [0, 0, 0, 3] })),
          margin: [0, 0, 0, 6],
          markerColor: PALETTE.accent,
        },
        keepWithNext: false,
      }
    case 'table': {
      const total = b.columns.reduce((sum, column) => sum + column.width, 0)
      const free = CONTENT_WIDTH - b.columns.length * 2 * CELL_PADDING - (b.columns.length + 1)
      const header: TableCell[] = b.columns.map((column) => ({
        text: runs([{ text: column.header }]),
        style: 'tableHeader',
        fillColor: PALETTE.headerFill,
        alignment: column.align ?? 'left',
      }))
      const body: TableCell[][] = b.rows.map((row) =>
        row.map((cell, i) => ({
          stack: cellLines(cell).map((line) => ({ text: runs([line]) })),
          style: 'tableCell',
          alignment: b.columns[i]?.align ?? 'left',
        })),
      )
      // The caption is the first header row: it stays with the table and repeats on each page.
      const caption: TableCell[] = [
        {
          text: runs([{ text: b.caption }]),
          style: 'tableCaption',
          colSpan: b.columns.length,
          border: [false, false, false, false],
        },
        ...b.columns.slice(1).map(() => ({ text: '' })),
      ]
      return {
        content: {
          table: {
            headerRows: 2,
            keepWithHeaderRows: 1,
            widths: b.columns.map((column) => (column.width / total) * free),
            body: [caption, header, ...body],
          },
          layout: {
            hLineWidth: (i) => (i <= 1 ? 0 : 0.6),
            vLineWidth: () => 0,
            hLineColor: () => PALETTE.rule,
            paddingLeft: () => CELL_PADDING,
            paddingRight: () => CELL_PADDING,
            paddingTop: () => 4,
            paddingBottom: () => 4,
          },
          margin: [0, 4, 0, 10],
        },
        keepWithNext: false,
        breakable: true,
      }
    }
  }
}
