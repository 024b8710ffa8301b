import { cellLines, type Block, type Report, type ReportSection, type Run } from './model.ts'

/** Characters Markdown would read as syntax, escaped so text stays text. */
const escape = (value: string) => value.replace(/([\\`*_[\]#|<>])/g, '\\$1').replace(/\n/g, ' ')

function runs(list: Run[]): string {
  return list
    .map((run) => {
      const body = escape(run.text)
      if (!body.trim()) return body
      if (run.bold) return `**${body}**`
      return run.italic ? `*${body}*` : body
    })
    .join('')
}

function block(item: Block): string {
  switch (item.type) {
    case 'paragraph':
      return runs(item.runs)
    case 'list':
      return item.items.map((line) => `- ${runs(line)}`).join('\n')
    case 'table': {
      const header = `| ${item.columns.map((column) => escape(column.header)).join(' | ')} |`
      const rule = `| ${item.columns
        .map((column) => (column.align === 'right' ? '---:' : column.align === 'center' ? ':---:' : '---'))
        .join(' | ')} |`
      const rows = item.rows.map(
        (row) =>
          `| ${row
            .map((cell) =>
              cellLines(cell)
                .map((line) => runs([line]))
                .join('<br>'),
            )
            .join(' | ')} |`,
      )
      return [`*${escape(item.caption)}*`, '', header, rule, ...rows].join('\n')
    }
  }
}

function section(item: ReportSection): string {
  const heading = `${'#'.repeat(Math.min(item.level + 1, 6))} ${escape(item.heading)}`
  return [heading, ...item.blocks.map(block), ...item.sections.map(section)].join('\n\n')
}

/**
 * Any report as Markdown (GitHub-flavoured tables): the form that pastes into a mail, an ENT or a
 * pad. The title page becomes a title and a list of facts; page numbers and the table of contents
 * have no meaning here and are left out.
 */
export function reportMarkdown(report: Report): string {
  const page = report.titlePage
  const head = [
    `# ${escape(page.bilanName)}`,
    `${escape(page.kicker)}  \n${escape(page.etablissement)} — ${escape(page.etablissementDetails)}  \n${escape(page.schoolYear)}`,
    page.facts.map((fact) => `- **${escape(fact.label)}** : ${escape(fact.value)}`).join('\n'),
  ]
  return `${[...head, ...report.sections.map(section)].join('\n\n')}\n`
}
