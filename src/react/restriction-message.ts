import { describeRestriction, type RestrictionError } from '../core/restrictions.js'
import type { UploaderLocale } from './locale.js'

/** The reason a file was refused, in the locale's words and language. */
export function restrictionMessage(error: RestrictionError, locale: UploaderLocale): string {
  return describeRestriction(error, locale.restriction[error.code], locale.language)
}
