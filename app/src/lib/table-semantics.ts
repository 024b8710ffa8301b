/**
 * Tables that turn into stacked cards on a phone (`.table.stacked`, see app.css) change the CSS
 * display of their rows and cells, and some browsers (Safari) then stop exposing them as a table
 * to screen readers. Explicit ARIA roles keep the semantics whatever the layout. Use as an
 * attachment: `<table {@attach tableSemantics}>`; rows added later get their roles too.
 */
const ROLE_BY_TAG: Record<string, (cell: Element) => string> = {
  TABLE: () => 'table',
  THEAD: () => 'rowgroup',
  TBODY: () => 'rowgroup',
  TR: () => 'row',
  TH: (cell) => (cell.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader'),
  TD: () => 'cell',
}

function apply(table: HTMLTableElement): void {
  for (const element of [table, ...table.querySelectorAll('thead, tbody, tr, th, td')]) {
    const role = ROLE_BY_TAG[element.tagName]?.(element)
    if (role && element.getAttribute('role') !== role) element.setAttribute('role', role)
  }
}

export function tableSemantics(table: HTMLTableElement): () => void {
  apply(table)
  const observer = new MutationObserver(() => apply(table))
  observer.observe(table, { childList: true, subtree: true })
  return () => observer.disconnect()
}
