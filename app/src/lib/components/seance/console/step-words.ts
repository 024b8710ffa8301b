/** The console’s words for agenda steps and idea board columns. */
import type { IdeaColumn, LiveStep } from '@rouages/shared/seance/live'
import { m } from '#lib/paraglide/messages.js'

export function stepKindLabel(kind: LiveStep['kind']): string {
  switch (kind) {
    case 'criterion':
      return m.seance_console_kind_criterion()
    case 'ideas':
      return m.seance_console_kind_ideas()
    case 'plan':
      return m.seance_console_kind_plan()
  }
}

/** A column of the idea board: points forts, points de vigilance, propositions d’action. */
export function ideaColumnLabel(column: IdeaColumn): string {
  switch (column) {
    case 'forces':
      return m.seance_console_column_forces()
    case 'vigilance':
      return m.seance_console_column_vigilance()
    case 'propositions':
      return m.seance_console_column_propositions()
  }
}
