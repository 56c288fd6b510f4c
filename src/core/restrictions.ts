import type { Restrictions as UppyRestrictions } from '@uppy/core'
import { formatBytes } from '../protocol/format-bytes.js'
import { listFormat, numberFormat } from '../protocol/intl-formatters.js'

/**
 * Limits checked in the browser before any request is made. They spare users a
 * wasted upload; the signing endpoint still enforces its own limits.
 */
export interface Restrictions {
  /** Largest size of one file, in bytes. */
  maxFileSize?: number
  /** Smallest size of one file, in bytes. */
  minFileSize?: number
  /** How many files the list may hold at once (uploaded ones included; removing one frees a slot). */
  maxNumberOfFiles?: number
  /** Largest sum of the sizes of every file in the list, in bytes. */
  maxTotalFileSize?: number
  /** MIME types (`image/png`, `image/*`) and extensions (`.pdf`), any of which a file may match. */
  allowedFileTypes?: readonly string[]
}

/** Why a file was not added. A const object rather than a TS `enum`, so it erases to plain strings. */
export const RestrictionCode = {
  FileTooLarge: 'FILE_TOO_LARGE',
  FileTooSmall: 'FILE_TOO_SMALL',
  TooManyFiles: 'TOO_MANY_FILES',
  TotalTooLarge: 'TOTAL_TOO_LARGE',
  FileTypeNotAllowed: 'FILE_TYPE_NOT_ALLOWED',
  DuplicateFile: 'DUPLICATE_FILE',
} as const
export type RestrictionCode = (typeof RestrictionCode)[keyof typeof RestrictionCode]

/** The file a restriction refused, as far as it is known before adding it. */
export interface RefusedFile {
  name: string
  size: number
  type: string
}

/** A file refused by a restriction, before any request. `limit` is the rule it broke. */
export class RestrictionError extends Error {
  readonly code: RestrictionCode
  readonly file: RefusedFile
  /** The number (bytes, or a count of files) or the list of allowed types that the file broke. */
  readonly limit: number | readonly string[] | undefined

  constructor(code: RestrictionCode, file: RefusedFile, limit: number | readonly string[] | undefined) {
    super(`${file.name}: ${describeRestriction({ code, file, limit }, restrictionMessages[code], 'en')}`)
    this.name = 'RestrictionError'
    this.code = code
    this.file = file
    this.limit = limit
  }
}

export function isRestrictionError(error: unknown): error is RestrictionError {
  return error instanceof RestrictionError
}

/** English reasons; the React UI's locale starts from these. `{name}`, `{size}`, `{limit}` are filled in. */
export const restrictionMessages: Record<RestrictionCode, string> = {
  FILE_TOO_LARGE: 'This file is {size}; files may be at most {limit}.',
  FILE_TOO_SMALL: 'This file is {size}; files must be at least {limit}.',
  TOO_MANY_FILES: 'At most {limit} files can be added.',
  TOTAL_TOO_LARGE: 'All files together may be at most {limit}.',
  FILE_TYPE_NOT_ALLOWED: 'This type of file is not allowed (allowed: {limit}).',
  DUPLICATE_FILE: 'This file is already in the list.',
}

/** Fills `{placeholders}`; unknown ones stay as written so a typo shows instead of vanishing. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match))
}

/** A restriction's reason in words: sizes and lists formatted with `Intl` in `language`. */
export function describeRestriction(
  error: Pick<RestrictionError, 'code' | 'file' | 'limit'>,
  template: string,
  language: string | undefined,
): string {
  const { limit, code, file } = error
  const formatted =
    limit === undefined
      ? ''
      : typeof limit !== 'number'
        ? listFormat(language, { type: 'disjunction' }).format(limit)
        : code === 'TOO_MANY_FILES'
          ? numberFormat(language).format(limit)
          : formatBytes(limit, language)
  return fill(template, { name: file.name, size: formatBytes(file.size, language), limit: formatted })
}

/** Our options in Uppy's shape (Uppy wants `null` for "no limit"). */
export function toUppyRestrictions(restrictions: Restrictions | undefined): Partial<UppyRestrictions> {
  return {
    maxFileSize: restrictions?.maxFileSize ?? null,
    minFileSize: restrictions?.minFileSize ?? null,
    maxNumberOfFiles: restrictions?.maxNumberOfFiles ?? null,
    maxTotalFileSize: restrictions?.maxTotalFileSize ?? null,
    allowedFileTypes: restrictions?.allowedFileTypes ? [...restrictions.allowedFileTypes] : null,
  }
}

/**
 * Uppy's restriction errors carry no code, only a translated message. We give
 * Uppy a locale whose restriction strings *are* our codes, so its own checks
 * stay the single source of truth and the code is read back exactly.
 * (A code on RestrictionError is not requested upstream as of 2026-12.)
 */
const both = (code: RestrictionCode) => ({ 0: code, 1: code })
export const UPPY_RESTRICTION_LOCALE = {
  strings: {
    exceedsSize: RestrictionCode.FileTooLarge,
    inferiorSize: RestrictionCode.FileTooSmall,
    youCanOnlyUploadX: both(RestrictionCode.TooManyFiles),
    aggregateExceedsSize: RestrictionCode.TotalTooLarge,
    youCanOnlyUploadFileTypes: RestrictionCode.FileTypeNotAllowed,
    noDuplicates: RestrictionCode.DuplicateFile,
  },
  pluralize: (count: number): 0 | 1 => (count === 1 ? 0 : 1),
}

const CODES = new Set<string>(Object.values(RestrictionCode))

/** Maps an error from Uppy's 'restriction-failed' to ours, or `undefined` if it is none of our rules. */
export function fromUppyRestriction(
  error: { message: string },
  file: RefusedFile,
  restrictions: Restrictions | undefined,
): RestrictionError | undefined {
  if (!CODES.has(error.message)) return undefined
  const code = error.message as RestrictionCode
  const option = LIMIT_OPTION[code]
  return new RestrictionError(code, file, option && restrictions?.[option])
}

/** Which option each rule reads its limit from. */
const LIMIT_OPTION: Record<RestrictionCode, keyof Restrictions | undefined> = {
  FILE_TOO_LARGE: 'maxFileSize',
  FILE_TOO_SMALL: 'minFileSize',
  TOO_MANY_FILES: 'maxNumberOfFiles',
  TOTAL_TOO_LARGE: 'maxTotalFileSize',
  FILE_TYPE_NOT_ALLOWED: 'allowedFileTypes',
  DUPLICATE_FILE: undefined,
}

/** The picker's `accept` attribute from the allowed types (`image/*,.pdf`). */
export function acceptFromRestrictions(restrictions: Restrictions | undefined): string | undefined {
  const types = restrictions?.allowedFileTypes
  return types && types.length > 0 ? types.join(',') : undefined
}

/** Whether two restriction settings are the same (a host re-renders with a new object each time). */
export function sameRestrictions(a: Restrictions | undefined, b: Restrictions | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
}
