import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IBorderOptions,
} from 'docx'
import { estimatePageNumbers } from 'docx/layout'
import {
  cellLines,
  startsPage,
  type Block,
  type Report,
  type ReportSection,
  type Run,
} from '@rouages/shared/report/model'
import { OFFICE_FONT, PALETTE, SIZES } from './style.ts'

/**
 * A report as a Word document (docx): A4, a title page without page number, a real table of
 * contents field (its entries and page numbers written in, linked to the headings; Word's "update
 * field" redoes it), headings in Word's Titre 1–3 styles (outline levels 1–3),
 * "Page N sur M" fields in the footer.
 */

/** Twentieths of a point: A4 with 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 }
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
const hex = (color: string) => color.replace('#', '')
const halfPoints = (points: number) => Math.round(points * 2)

const HEADING = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
  4: HeadingLevel.HEADING_4,
} as const
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: hex(PALETTE.rule) }

export async function reportDocx(report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const heading = (level: 1 | 2 | 3 | 4, size: number, color: string) => ({
    run: { font: OFFICE_FONT, size: halfPoints(size), bold: true, color: hex(color) },
    paragraph: {
      spacing: { before: level === 1 ? 0 : 280, after: 120 },
      keepNext: true,
      keepLines: true,
      outlineLevel: level - 1,
    },
  })
  const document = new Document({
    title: report.meta.title,
    subject: report.meta.subject,
    creator: report.meta.author,
    keywords: report.meta.keywords.join(', '),
    description: report.meta.subject,
    // The table of contents and "Page N sur M" are written with their numbers, laid out as Word
    // does: no "update the fields?" prompt on opening, and right in readers that never update them.
    pageNumbers: estimatePageNumbers,
    styles: {
      default: {
        document: {
          run: {
            font: OFFICE_FONT,
            size: halfPoints(SIZES.body),
            color: hex(PALETTE.text),
            language: { value: 'fr-FR' },
          },
          paragraph: { spacing: { after: 80, line: 288 } },
        },
        heading1: heading(1, SIZES.h1, PALETTE.accent),
        heading2: heading(2, SIZES.h2, PALETTE.accent),
        heading3: heading(3, SIZES.h3, PALETTE.accent),
        heading4: heading(4, SIZES.h4, PALETTE.accent),
        caption: {
          run: {
            font: OFFICE_FONT,
            size: halfPoints(SIZES.body),
            bold: true,
            italics: false,
            color: hex(PALETTE.text),
          },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true },
        },
      },
      paragraphStyles: [
        {
          id: 'Lead',
          name: 'Introduction',
          basedOn: 'Normal',
          run: { size: halfPoints(11) },
          paragraph: { spacing: { after: 160 } },
        },
        {
          id: 'Label',
          name: 'Intitulé de descripteur',
          basedOn: 'Normal',
          run: { bold: true },
          paragraph: { spacing: { before: 160, after: 40 }, keepNext: true },
        },
        {
          id: 'Muted',
          name: 'Remarque',
          basedOn: 'Normal',
          run: { italics: true, color: hex(PALETTE.muted) },
        },
        {
          id: 'TocHeading',
          name: 'Titre du sommaire',
          basedOn: 'Normal',
          run: { size: halfPoints(SIZES.h1), bold: true, color: hex(PALETTE.accent) },
          paragraph: { spacing: { after: 240 } },
        },
        {
          id: 'TableText',
          name: 'Texte de tableau',
          basedOn: 'Normal',
          run: { size: halfPoints(SIZES.small) },
          paragraph: { spacing: { after: 0, line: 264 } },
        },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: {
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
          default: footer(report.footer),
        },
        children: [
          ...titlePage(report),
          new Paragraph({
            style: 'TocHeading',
            pageBreakBefore: true,
            children: [new TextRun(report.tocTitle)],
          }),
          new TableOfContents(report.tocTitle, { hyperlink: true, headingStyleRange: '1-2' }),
          ...report.sections.flatMap(section),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

function footer(text: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        children: [
          new TextRun({ text, size: halfPoints(8), color: hex(PALETTE.muted) }),
          new TextRun({
            children: ['\tPage ', PageNumber.CURRENT, ' sur ', PageNumber.TOTAL_PAGES],
            size: halfPoints(8),
            color: hex(PALETTE.muted),
          }),
        ],
      }),
    ],
  })
}

const textRuns = (runs: Run[], base: { size?: number } = {}) =>
  runs.map(
    (run) =>
      new TextRun({
        text: run.text,
        bold: run.bold,
        italics: run.italic,
        color: run.color ? hex(run.color) : undefined,
        size: base.size,
      }),
  )

function titlePage(report: Report): Array<Paragraph | Table> {
  const t = report.titlePage
  const line = (
    text: string,
    size: number,
    options: { bold?: boolean; color?: string; after?: number; before?: number } = {},
  ) =>
    new Paragraph({
      spacing: { before: options.before ?? 0, after: options.after ?? 80 },
      children: [
        new TextRun({
          text,
          size: halfPoints(size),
          bold: options.bold,
          color: hex(options.color ?? PALETTE.text),
        }),
      ],
    })
  const facts = (rows: Array<{ label: string; value: string }>) =>
    borderlessTable(
      rows.map((row) => [[{ text: row.label, bold: true, color: PALETTE.muted }], [{ text: row.value }]]),
      [0.3, 0.7],
    )
  return [
    line(t.kicker, 11, { bold: true, color: PALETTE.accent, before: 1600, after: 480 }),
    line(t.etablissement, SIZES.title, { bold: true, after: 120 }),
    line(t.etablissementDetails, 11, { color: PALETTE.muted, after: 800 }),
    line(t.schoolYear, 16, { after: 120 }),
    line(t.bilanName, 20, { bold: true, color: PALETTE.accent, after: 800 }),
    facts(t.facts),
    ...(t.trail
      ? [
          new Paragraph({
            style: 'Label',
            spacing: { before: 360 },
            children: textRuns([{ text: t.trail.heading }]),
          }),
          t.trail.empty
            ? new Paragraph({ style: 'Muted', children: textRuns([{ text: t.trail.empty }]) })
            : facts(t.trail.steps),
        ]
      : []),
    ...(t.digest
      ? [
          new Paragraph({
            style: 'Label',
            spacing: { before: 480 },
            children: textRuns([{ text: t.digest.label, color: PALETTE.muted }]),
          }),
          new Paragraph({
            children: [new TextRun({ text: t.digest.value, font: 'Courier New', size: halfPoints(8.5) })],
          }),
        ]
      : []),
  ]
}

function section(s: ReportSection): Array<Paragraph | Table> {
  return [
    new Paragraph({
      heading: HEADING[s.level],
      pageBreakBefore: startsPage(s),
      children: [new TextRun(s.heading)],
    }),
    ...s.blocks.flatMap(block),
    ...s.sections.flatMap(section),
  ]
}

const STYLE_IDS = { body: undefined, lead: 'Lead', label: 'Label', muted: 'Muted' } as const

function block(b: Block): Array<Paragraph | Table> {
  switch (b.type) {
    case 'paragraph':
      return [new Paragraph({ style: STYLE_IDS[b.style ?? 'body'], children: textRuns(b.runs) })]
    case 'list':
      return b.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: textRuns(item) }))
    case 'table': {
      const total = b.columns.reduce((sum, column) => sum + column.width, 0)
      const widths = b.columns.map((column) => Math.floor((column.width / total) * CONTENT_WIDTH))
      const align = (i: number) =>
        b.columns[i]?.align === 'right'
          ? AlignmentType.RIGHT
          : b.columns[i]?.align === 'center'
            ? AlignmentType.CENTER
            : AlignmentType.LEFT
      const cell = (lines: Run[], i: number, header: boolean) =>
        new TableCell({
          width: { size: widths[i] ?? 0, type: WidthType.DXA },
          margins: { top: 60, bottom: 60, left: 100, right: 100 },
          ...(header
            ? { shading: { type: ShadingType.CLEAR, fill: hex(PALETTE.headerFill), color: 'auto' } }
            : {}),
          children: lines.map(
            (line) =>
              new Paragraph({
                style: 'TableText',
                alignment: align(i),
                children: textRuns([header ? { ...line, bold: true } : line]),
              }),
          ),
        })
      return [
        new Paragraph({ style: 'Caption', children: [new TextRun(b.caption)] }),
        new Table({
          width: { size: CONTENT_WIDTH, type: WidthType.DXA },
          columnWidths: widths,
          layout: TableLayoutType.FIXED,
          borders: {
            top: NONE,
            left: NONE,
            right: NONE,
            insideVertical: NONE,
            bottom: RULE,
            insideHorizontal: RULE,
          },
          rows: [
            new TableRow({
              tableHeader: true,
              cantSplit: true,
              children: b.columns.map((column, i) => cell([{ text: column.header }], i, true)),
            }),
            ...b.rows.map(
              (row) =>
                new TableRow({ cantSplit: true, children: row.map((c, i) => cell(cellLines(c), i, false)) }),
            ),
          ],
        }),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ]
    }
  }
}

function borderlessTable(rows: Run[][][], proportions: number[]): Table {
  const widths = proportions.map((p) => Math.floor(p * CONTENT_WIDTH))
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: NONE,
      bottom: NONE,
      left: NONE,
      right: NONE,
      insideHorizontal: NONE,
      insideVertical: NONE,
    },
    rows: rows.map(
      (row) =>
        new TableRow({
          children: row.map(
            (runs, i) =>
              new TableCell({
                width: { size: widths[i] ?? 0, type: WidthType.DXA },
                margins: { top: 40, bottom: 40, left: 0, right: 100 },
                children: [new Paragraph({ spacing: { after: 0 }, children: textRuns(runs) })],
              }),
          ),
        }),
    ),
  })
}
