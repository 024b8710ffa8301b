import { strToU8, zipSync } from 'fflate'
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
 * A report as an OpenDocument text (ODT, what public offices use): an ODF 1.3 package —
 * `mimetype` first and stored, the manifest, `content.xml`, `styles.xml`, `meta.xml` — zipped with
 * fflate. No maintained ODT writer exists on npm, so the XML is written here, from the same report
 * model as the PDF and the DOCX. A title page without footer; a real table of contents
 * (`text:table-of-content`, its entries written in and linked to the headings, so it reads before
 * any update; "Mettre à jour l'index" adds the page numbers); headings with outline levels;
 * "Page N sur M" fields in the footer.
 */
export const ODT_MIME = 'application/vnd.oasis.opendocument.text'

const NS = {
  'xmlns:office': 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  'xmlns:style': 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  'xmlns:text': 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  'xmlns:table': 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  'xmlns:fo': 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  'xmlns:svg': 'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0',
  'xmlns:xlink': 'http://www.w3.org/1999/xlink',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:meta': 'urn:oasis:names:tc:opendocument:xmlns:meta:1.0',
  'xmlns:loext': 'urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0',
}
const VERSION = '1.3'
/** A4 with 2 cm margins: 17 cm of text. */
const CONTENT_CM = 17

export function reportOdt(report: Report, now = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const content = new ContentWriter()
  const body = content.body(report)
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {
    // First and stored, so a reader knows the type from the first bytes of the file.
    mimetype: [strToU8(ODT_MIME), { level: 0 }],
    'META-INF/manifest.xml': [strToU8(manifestXml()), { level: 6 }],
    'content.xml': [strToU8(content.xml(body)), { level: 6 }],
    'styles.xml': [strToU8(stylesXml(report)), { level: 6 }],
    'meta.xml': [strToU8(metaXml(report, now)), { level: 6 }],
  }
  return Promise.resolve(new Uint8Array(zipSync(files)))
}

// ——— XML ———

/** Escaped for XML, without the characters XML 1.0 forbids (control characters pasted from elsewhere). */
const escape = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- removing the control characters XML forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
    )

type Attrs = Record<string, string | number | undefined>
const attrs = (a: Attrs) =>
  Object.entries(a)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escape(String(value))}"`)
    .join('')
/** An element; children are already-written XML. */
const el = (name: string, a: Attrs = {}, ...children: string[]) =>
  children.length === 0 ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children.join('')}</${name}>`

/** Text as ODF keeps it: runs of spaces, tabs and line breaks are elements, not collapsed whitespace. */
function odfText(text: string): string {
  return text
    .split(/(\n|\t| {2,})/)
    .map((part) => {
      if (part === '\n') return '<text:line-break/>'
      if (part === '\t') return '<text:tab/>'
      if (/^ {2,}$/.test(part)) return ` <text:s text:c="${part.length - 1}"/>`
      return escape(part)
    })
    .join('')
}

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'

function manifestXml(): string {
  const entry = (path: string, type: string) =>
    el('manifest:file-entry', { 'manifest:full-path': path, 'manifest:media-type': type })
  return (
    declaration +
    el(
      'manifest:manifest',
      { 'xmlns:manifest': 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0', 'manifest:version': VERSION },
      el('manifest:file-entry', {
        'manifest:full-path': '/',
        'manifest:version': VERSION,
        'manifest:media-type': ODT_MIME,
      }),
      entry('content.xml', 'text/xml'),
      entry('styles.xml', 'text/xml'),
      entry('meta.xml', 'text/xml'),
    )
  )
}

function metaXml(report: Report, now: Date): string {
  const { meta } = report
  return (
    declaration +
    el(
      'office:document-meta',
      { ...NS, 'office:version': VERSION },
      el(
        'office:meta',
        {},
        el('meta:generator', {}, 'Rouages'),
        el('dc:title', {}, escape(meta.title)),
        el('dc:subject', {}, escape(meta.subject)),
        el('meta:initial-creator', {}, escape(meta.author)),
        el('dc:creator', {}, escape(meta.author)),
        el('dc:language', {}, escape(meta.language)),
        el('meta:creation-date', {}, now.toISOString().replace(/\.\d{3}Z$/, '')),
        ...meta.keywords.map((keyword) => el('meta:keyword', {}, escape(keyword))),
      ),
    )
  )
}

// ——— styles.xml: named styles, the page and its footer ———

const pt = (n: number) => `${n}pt`

function paragraphStyle(
  name: string,
  display: string,
  props: { paragraph?: Attrs; text?: Attrs; parent?: string; extra?: Attrs } = {},
) {
  return el(
    'style:style',
    {
      'style:name': name,
      'style:display-name': display,
      'style:family': 'paragraph',
      'style:parent-style-name': props.parent,
      ...props.extra,
    },
    ...(props.paragraph ? [el('style:paragraph-properties', props.paragraph)] : []),
    ...(props.text ? [el('style:text-properties', props.text)] : []),
  )
}

const heading = (level: 1 | 2 | 3 | 4, size: number) =>
  paragraphStyle(`Heading_20_${level}`, `Heading ${level}`, {
    parent: 'Heading',
    extra: {
      'style:default-outline-level': level,
      'style:next-style-name': 'Text_20_body',
      'style:class': 'text',
    },
    paragraph: {
      'fo:margin-top': level === 1 ? '0cm' : pt(14),
      'fo:margin-bottom': pt(6),
      'fo:keep-with-next': 'always',
    },
    text: { 'fo:font-size': pt(size), 'fo:font-weight': 'bold', 'fo:color': PALETTE.accent },
  })

function stylesXml(report: Report): string {
  const font = { 'style:font-name': OFFICE_FONT, 'fo:language': 'fr', 'fo:country': 'FR' }
  const tocEntry = (level: 1 | 2) =>
    paragraphStyle(`Contents_20_${level}`, `Contents ${level}`, {
      parent: 'Index',
      extra: { 'style:class': 'index' },
      paragraph: {
        'fo:margin-left': level === 1 ? '0cm' : '0.5cm',
        'fo:margin-top': level === 1 ? pt(6) : pt(1),
        'fo:margin-bottom': pt(1),
      },
      text: level === 1 ? { 'fo:font-weight': 'bold' } : { 'fo:font-size': pt(9.5) },
    })
  const footerText = el(
    'text:p',
    { 'text:style-name': 'FooterTabs' },
    escape(report.footer),
    '<text:tab/>Page ',
    el('text:page-number', { 'text:select-page': 'current' }, '1'),
    ' sur ',
    el('text:page-count', {}, '1'),
  )
  return (
    declaration +
    el(
      'office:document-styles',
      { ...NS, 'office:version': VERSION },
      el(
        'office:font-face-decls',
        {},
        el('style:font-face', {
          'style:name': OFFICE_FONT,
          'svg:font-family': OFFICE_FONT,
          'style:font-family-generic': 'swiss',
        }),
        el('style:font-face', {
          'style:name': 'Courier New',
          'svg:font-family': "'Courier New'",
          'style:font-family-generic': 'modern',
          'style:font-pitch': 'fixed',
        }),
      ),
      el(
        'office:styles',
        {},
        el(
          'style:default-style',
          { 'style:family': 'paragraph' },
          el('style:paragraph-properties', {
            'fo:hyphenation-ladder-count': 'no-limit',
            'style:writing-mode': 'lr-tb',
          }),
          el('style:text-properties', { ...font, 'fo:font-size': pt(SIZES.body), 'fo:hyphenate': 'false' }),
        ),
        paragraphStyle('Standard', 'Standard', {
          extra: { 'style:class': 'text' },
          text: { 'fo:color': PALETTE.text },
        }),
        paragraphStyle('Text_20_body', 'Text body', {
          parent: 'Standard',
          extra: { 'style:class': 'text' },
          paragraph: { 'fo:margin-top': '0cm', 'fo:margin-bottom': pt(4), 'fo:line-height': '120%' },
        }),
        paragraphStyle('Heading', 'Heading', {
          parent: 'Standard',
          extra: { 'style:next-style-name': 'Text_20_body', 'style:class': 'text' },
          paragraph: { 'fo:keep-with-next': 'always' },
        }),
        heading(1, SIZES.h1),
        heading(2, SIZES.h2),
        heading(3, SIZES.h3),
        heading(4, SIZES.h4),
        paragraphStyle('Lead', 'Introduction', {
          parent: 'Text_20_body',
          text: { 'fo:font-size': pt(11) },
          paragraph: { 'fo:margin-bottom': pt(8) },
        }),
        paragraphStyle('Label', 'Intitulé de descripteur', {
          parent: 'Text_20_body',
          paragraph: { 'fo:margin-top': pt(8), 'fo:margin-bottom': pt(2), 'fo:keep-with-next': 'always' },
          text: { 'fo:font-weight': 'bold' },
        }),
        paragraphStyle('Muted', 'Remarque', {
          parent: 'Text_20_body',
          text: { 'fo:font-style': 'italic', 'fo:color': PALETTE.muted },
        }),
        paragraphStyle('Table_20_Contents', 'Table Contents', {
          parent: 'Standard',
          extra: { 'style:class': 'extra' },
          text: { 'fo:font-size': pt(SIZES.small) },
        }),
        paragraphStyle('Table_20_Heading', 'Table Heading', {
          parent: 'Table_20_Contents',
          extra: { 'style:class': 'extra' },
          text: { 'fo:font-weight': 'bold' },
        }),
        paragraphStyle('Table', 'Table', {
          parent: 'Standard',
          extra: { 'style:class': 'extra' },
          paragraph: { 'fo:margin-top': pt(10), 'fo:margin-bottom': pt(4), 'fo:keep-with-next': 'always' },
          text: { 'fo:font-weight': 'bold' },
        }),
        paragraphStyle('Index', 'Index', { parent: 'Standard', extra: { 'style:class': 'index' } }),
        // Entries of the table of contents are links, but read as a list, not as web links.
        el(
          'style:style',
          { 'style:name': 'Index_20_Link', 'style:display-name': 'Index Link', 'style:family': 'text' },
          el('style:text-properties', { 'style:text-underline-style': 'none', 'fo:color': PALETTE.text }),
        ),
        paragraphStyle('Contents_20_Heading', 'Contents Heading', {
          parent: 'Heading',
          extra: { 'style:class': 'index' },
          paragraph: { 'fo:margin-bottom': pt(12) },
          text: { 'fo:font-size': pt(SIZES.h1), 'fo:font-weight': 'bold', 'fo:color': PALETTE.accent },
        }),
        tocEntry(1),
        tocEntry(2),
        paragraphStyle('Footer', 'Footer', {
          parent: 'Standard',
          extra: { 'style:class': 'extra' },
          paragraph: {},
          text: { 'fo:font-size': pt(8), 'fo:color': PALETTE.muted },
        }),
        el(
          'text:list-style',
          { 'style:name': 'Puces', 'style:display-name': 'Puces' },
          el(
            'text:list-level-style-bullet',
            { 'text:level': 1, 'text:bullet-char': '•' },
            el(
              'style:list-level-properties',
              { 'text:list-level-position-and-space-mode': 'label-alignment' },
              el('style:list-level-label-alignment', {
                'text:label-followed-by': 'listtab',
                'text:list-tab-stop-position': '0.6cm',
                'fo:text-indent': '-0.4cm',
                'fo:margin-left': '0.6cm',
              }),
            ),
            el('style:text-properties', { 'fo:color': PALETTE.accent }),
          ),
        ),
        // Headings carry their outline level; no numbers before them.
        el(
          'text:outline-style',
          { 'style:name': 'Outline' },
          ...[1, 2, 3, 4].map((level) =>
            el(
              'text:outline-level-style',
              { 'text:level': level, 'style:num-format': '' },
              el('style:list-level-properties', {}),
            ),
          ),
        ),
      ),
      el(
        'office:automatic-styles',
        {},
        el(
          'style:page-layout',
          { 'style:name': 'A4' },
          el('style:page-layout-properties', {
            'fo:page-width': '21cm',
            'fo:page-height': '29.7cm',
            'style:print-orientation': 'portrait',
            'fo:margin-top': '2cm',
            'fo:margin-bottom': '1.4cm',
            'fo:margin-left': '2cm',
            'fo:margin-right': '2cm',
          }),
          el(
            'style:footer-style',
            {},
            el('style:header-footer-properties', { 'fo:min-height': '0.6cm', 'fo:margin-top': '0.4cm' }),
          ),
        ),
        el(
          'style:style',
          { 'style:name': 'FooterTabs', 'style:family': 'paragraph', 'style:parent-style-name': 'Footer' },
          el(
            'style:paragraph-properties',
            {},
            el(
              'style:tab-stops',
              {},
              el('style:tab-stop', { 'style:position': `${CONTENT_CM}cm`, 'style:type': 'right' }),
            ),
          ),
        ),
      ),
      el(
        'office:master-styles',
        {},
        el(
          'style:master-page',
          { 'style:name': 'Standard', 'style:page-layout-name': 'A4' },
          el('style:footer', {}, footerText),
        ),
        el('style:master-page', {
          'style:name': 'First_20_Page',
          'style:display-name': 'First Page',
          'style:page-layout-name': 'A4',
          'style:next-style-name': 'Standard',
        }),
      ),
    )
  )
}

// ——— content.xml ———

/** Writes the body and collects the automatic styles it needs (text colours, table widths). */
class ContentWriter {
  readonly #textStyles = new Map<string, string>()
  readonly #tableStyles: string[] = []
  #tables = 0

  xml(body: string): string {
    const textStyles = [...this.#textStyles].map(([key, name]) => {
      const [bold, italic, color] = key.split('|')
      return el(
        'style:style',
        { 'style:name': name, 'style:family': 'text' },
        el('style:text-properties', {
          'fo:font-weight': bold === '1' ? 'bold' : undefined,
          'fo:font-style': italic === '1' ? 'italic' : undefined,
          'fo:color': color || undefined,
        }),
      )
    })
    return (
      declaration +
      el(
        'office:document-content',
        { ...NS, 'office:version': VERSION },
        el(
          'office:font-face-decls',
          {},
          el('style:font-face', {
            'style:name': OFFICE_FONT,
            'svg:font-family': OFFICE_FONT,
            'style:font-family-generic': 'swiss',
          }),
        ),
        el(
          'office:automatic-styles',
          {},
          // The title page uses the first-page master (no footer); the table of contents and each
          // part of the report start a page.
          paragraphStyle('P_TitlePage', 'P_TitlePage', {
            parent: 'Text_20_body',
            extra: { 'style:master-page-name': 'First_20_Page' },
            paragraph: { 'fo:margin-top': '3cm', 'fo:margin-bottom': pt(18) },
            text: { 'fo:font-size': pt(11), 'fo:font-weight': 'bold', 'fo:color': PALETTE.accent },
          }),
          paragraphStyle('P_Etablissement', 'P_Etablissement', {
            parent: 'Text_20_body',
            text: { 'fo:font-size': pt(SIZES.title), 'fo:font-weight': 'bold' },
          }),
          paragraphStyle('P_Details', 'P_Details', {
            parent: 'Text_20_body',
            paragraph: { 'fo:margin-bottom': pt(30) },
            text: { 'fo:font-size': pt(11), 'fo:color': PALETTE.muted },
          }),
          paragraphStyle('P_Year', 'P_Year', { parent: 'Text_20_body', text: { 'fo:font-size': pt(16) } }),
          paragraphStyle('P_BilanName', 'P_BilanName', {
            parent: 'Text_20_body',
            paragraph: { 'fo:margin-bottom': pt(30) },
            text: { 'fo:font-size': pt(20), 'fo:font-weight': 'bold', 'fo:color': PALETTE.accent },
          }),
          paragraphStyle('P_Digest', 'P_Digest', {
            parent: 'Text_20_body',
            text: { 'style:font-name': 'Courier New', 'fo:font-size': pt(8.5) },
          }),
          paragraphStyle('P_TocTitle', 'P_TocTitle', {
            parent: 'Contents_20_Heading',
            paragraph: { 'fo:break-before': 'page' },
          }),
          // Headings that start a page: the parts of a report (one level down in a dossier).
          ...[1, 2, 3, 4].map((level) =>
            paragraphStyle(`P_H${level}`, `P_H${level}`, {
              parent: `Heading_20_${level}`,
              paragraph: { 'fo:break-before': 'page' },
            }),
          ),
          el(
            'style:style',
            { 'style:name': 'Sect_Toc', 'style:family': 'section' },
            el('style:section-properties', { 'style:editable': 'false' }),
          ),
          el(
            'style:style',
            { 'style:name': 'Cell_Header', 'style:family': 'table-cell' },
            el('style:table-cell-properties', {
              'fo:background-color': PALETTE.headerFill,
              'fo:padding': '0.1cm',
              'fo:border': 'none',
              'fo:border-bottom': `0.5pt solid ${PALETTE.rule}`,
            }),
          ),
          el(
            'style:style',
            { 'style:name': 'Cell_Body', 'style:family': 'table-cell' },
            el('style:table-cell-properties', {
              'fo:padding': '0.1cm',
              'fo:border': 'none',
              'fo:border-bottom': `0.5pt solid ${PALETTE.rule}`,
            }),
          ),
          el(
            'style:style',
            { 'style:name': 'Cell_Plain', 'style:family': 'table-cell' },
            el('style:table-cell-properties', { 'fo:padding': '0.05cm', 'fo:border': 'none' }),
          ),
          ...['left', 'right', 'center'].map((align) =>
            paragraphStyle(`P_Cell_${align}`, `P_Cell_${align}`, {
              parent: 'Table_20_Contents',
              paragraph: {
                'fo:text-align': align === 'left' ? 'start' : align === 'right' ? 'end' : 'center',
              },
            }),
          ),
          ...this.#tableStyles,
          ...textStyles,
        ),
        el('office:body', {}, el('office:text', {}, body)),
      )
    )
  }

  body(report: Report): string {
    return [this.#titlePage(report), this.#toc(report), ...report.sections.map((s) => this.#section(s))].join(
      '',
    )
  }

  #span(run: Run): string {
    const text = odfText(run.text)
    if (!run.bold && !run.italic && !run.color) return text
    const key = `${run.bold ? 1 : 0}|${run.italic ? 1 : 0}|${run.color ?? ''}`
    let name = this.#textStyles.get(key)
    if (!name) {
      name = `T${this.#textStyles.size + 1}`
      this.#textStyles.set(key, name)
    }
    return el('text:span', { 'text:style-name': name }, text)
  }

  #p(style: string, runs: Run[]): string {
    return el('text:p', { 'text:style-name': style }, ...runs.map((run) => this.#span(run)))
  }

  #titlePage(report: Report): string {
    const t = report.titlePage
    const facts = (rows: Array<{ label: string; value: string }>) =>
      this.#table(
        { columns: [3, 7], plain: true },
        rows.map((row) => [[{ text: row.label, bold: true, color: PALETTE.muted }], [{ text: row.value }]]),
      )
    return [
      this.#p('P_TitlePage', [{ text: t.kicker }]),
      this.#p('P_Etablissement', [{ text: t.etablissement }]),
      this.#p('P_Details', [{ text: t.etablissementDetails }]),
      this.#p('P_Year', [{ text: t.schoolYear }]),
      this.#p('P_BilanName', [{ text: t.bilanName }]),
      facts(t.facts),
      ...(t.trail
        ? [
            this.#p('Label', [{ text: t.trail.heading }]),
            t.trail.empty ? this.#p('Muted', [{ text: t.trail.empty }]) : facts(t.trail.steps),
          ]
        : []),
      ...(t.digest
        ? [
            this.#p('Label', [{ text: t.digest.label, color: PALETTE.muted }]),
            this.#p('P_Digest', [{ text: t.digest.value }]),
          ]
        : []),
    ].join('')
  }

  /** A real index: its source (outline levels 1–2, linked entries) and its body as written now. */
  #toc(report: Report): string {
    const template = (level: 1 | 2) =>
      el(
        'text:table-of-content-entry-template',
        { 'text:outline-level': level, 'text:style-name': `Contents_20_${level}` },
        el('text:index-entry-link-start', { 'text:style-name': 'Index_20_Link' }),
        el('text:index-entry-text'),
        el('text:index-entry-tab-stop', { 'style:type': 'right', 'style:leader-char': '.' }),
        el('text:index-entry-page-number'),
        el('text:index-entry-link-end'),
      )
    return el(
      'text:table-of-content',
      { 'text:style-name': 'Sect_Toc', 'text:protected': 'true', 'text:name': report.tocTitle },
      el(
        'text:table-of-content-source',
        { 'text:outline-level': 2, 'text:use-index-marks': 'false' },
        el(
          'text:index-title-template',
          { 'text:style-name': 'Contents_20_Heading' },
          escape(report.tocTitle),
        ),
        template(1),
        template(2),
      ),
      el(
        'text:index-body',
        {},
        el(
          'text:index-title',
          { 'text:style-name': 'Sect_Toc', 'text:name': `${report.tocTitle}_Head` },
          this.#p('P_TocTitle', [{ text: report.tocTitle }]),
        ),
        ...report.toc.map((entry) =>
          el(
            'text:p',
            { 'text:style-name': `Contents_20_${entry.level}` },
            el(
              'text:a',
              {
                'xlink:type': 'simple',
                'xlink:href': `#${entry.id}`,
                'text:style-name': 'Index_20_Link',
                'text:visited-style-name': 'Index_20_Link',
              },
              odfText(entry.text),
            ),
          ),
        ),
      ),
    )
  }

  #section(s: ReportSection): string {
    const heading = el(
      'text:h',
      {
        'text:style-name': startsPage(s) ? `P_H${s.level}` : `Heading_20_${s.level}`,
        'text:outline-level': s.level,
      },
      el('text:bookmark-start', { 'text:name': s.id }),
      odfText(s.heading),
      el('text:bookmark-end', { 'text:name': s.id }),
    )
    return [
      heading,
      ...s.blocks.map((b) => this.#block(b)),
      ...s.sections.map((child) => this.#section(child)),
    ].join('')
  }

  #block(b: Block): string {
    switch (b.type) {
      case 'paragraph':
        return this.#p(
          { body: 'Text_20_body', lead: 'Lead', label: 'Label', muted: 'Muted' }[b.style ?? 'body'],
          b.runs,
        )
      case 'list':
        return el(
          'text:list',
          { 'text:style-name': 'Puces' },
          ...b.items.map((item) => el('text:list-item', {}, this.#p('Text_20_body', item))),
        )
      case 'table':
        return (
          this.#p('Table', [{ text: b.caption }]) +
          this.#table(
            {
              columns: b.columns.map((column) => column.width),
              header: b.columns.map((column) => column.header),
              align: b.columns.map((column) => column.align ?? 'left'),
            },
            b.rows.map((row) => row.map(cellLines)),
          )
        )
    }
  }

  #table(
    shape: { columns: number[]; header?: string[]; align?: string[]; plain?: boolean },
    rows: Run[][][],
  ): string {
    const name = `Tableau${++this.#tables}`
    const total = shape.columns.reduce((sum, width) => sum + width, 0)
    const letter = (i: number) => String.fromCharCode(65 + i)
    this.#tableStyles.push(
      el(
        'style:style',
        { 'style:name': name, 'style:family': 'table' },
        el('style:table-properties', {
          'style:width': `${CONTENT_CM}cm`,
          'table:align': 'margins',
          'fo:margin-bottom': pt(8),
          'style:may-break-between-rows': 'true',
        }),
      ),
      ...shape.columns.map((width, i) =>
        el(
          'style:style',
          { 'style:name': `${name}.${letter(i)}`, 'style:family': 'table-column' },
          el('style:table-column-properties', {
            'style:column-width': `${((width / total) * CONTENT_CM).toFixed(3)}cm`,
          }),
        ),
      ),
    )
    const cellStyle = shape.plain ? 'Cell_Plain' : 'Cell_Body'
    const row = (cells: Run[][], header: boolean) =>
      el(
        'table:table-row',
        {},
        ...cells.map((lines, i) =>
          el(
            'table:table-cell',
            { 'table:style-name': header ? 'Cell_Header' : cellStyle, 'office:value-type': 'string' },
            ...lines.map((line) =>
              this.#p(header ? 'Table_20_Heading' : `P_Cell_${shape.align?.[i] ?? 'left'}`, [line]),
            ),
          ),
        ),
      )
    return el(
      'table:table',
      { 'table:name': name, 'table:style-name': name },
      ...shape.columns.map((_, i) =>
        el('table:table-column', { 'table:style-name': `${name}.${letter(i)}` }),
      ),
      ...(shape.header
        ? [
            el(
              'table:table-header-rows',
              {},
              row(
                shape.header.map((text) => [{ text }]),
                true,
              ),
            ),
          ]
        : []),
      ...rows.map((cells) => row(cells, false)),
    )
  }
}
