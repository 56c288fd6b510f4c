import { formatBytes } from '../core/format-bytes.js'
import type { RestrictionError } from '../core/restrictions.js'
import { fill, formatNumber, type UploaderLocale } from './locale.js'

/** The reason a file was refused, in the locale's words, with sizes and lists formatted by `Intl`. */
export function restrictionMessage(error: RestrictionError, locale: UploaderLocale): string {
  const { language } = locale
  return fill(locale.restriction[error.code], {
    name: error.file.name,
    size: formatBytes(error.file.size, language),
    limit: formatLimit(error, language),
  })
}

function formatLimit(error: RestrictionError, language: string | undefined): string {
  const { limit } = error
  if (limit === undefined) return ''
  if (typeof limit !== 'number') return new Intl.ListFormat(language, { type: 'disjunction' }).format(limit)
  return error.code === 'TOO_MANY_FILES' ? formatNumber(limit, language) : formatBytes(limit, language)
}
