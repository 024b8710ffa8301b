/** The idea board's columns in the interface's language. */
import type { IdeaColumn } from '@rouages/shared/seance/live'
import { m } from '#lib/paraglide/messages.js'

export function columnLabel(column: IdeaColumn): string {
  switch (column) {
    case 'forces':
      return m.seance_phone_column_forces()
    case 'vigilance':
      return m.seance_phone_column_vigilance()
    case 'propositions':
      return m.seance_phone_column_propositions()
  }
}
