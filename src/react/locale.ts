import { AFTER_ATTEMPTS } from '../core/errors.js'
import { numberFormat, pluralRule } from '../protocol/intl-formatters.js'
import { fill, restrictionMessages, type RestrictionCode } from '../core/restrictions.js'
import type { FileStatus } from '../core/upload-state.js'

/** A message that depends on a count: picked with `Intl.PluralRules` (`one`, `few`, `other`…). */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

/**
 * Every string the uploader shows or announces. `{name}`-style placeholders
 * are filled in; numbers and sizes are formatted with `Intl` in `language`.
 */
export interface UploaderLocale {
  /** BCP 47 tag for numbers, sizes and plurals (`'de'`, `'ar-EG'`). `undefined`: the browser's. Set it when rendering on the server. */
  language: string | undefined
  chooseFiles: string
  chooseFolder: string
  dropHint: string
  inputLabel: string
  folderInputLabel: string
  filesLabel: string
  totalProgress: string
  /** `{uploaded}` and `{total}` are sizes. */
  totalBytes: string
  /** `{speed}` is a rate such as "1.5 MB/s". */
  speed: string
  /** `{time}` is a duration such as "2 minutes". */
  timeLeft: string
  fileProgress: string
  status: Record<FileStatus | 'rejected', string>
  retryFile: string
  cancelFile: string
  removeFile: string
  dismissFile: string
  pauseFile: string
  resumeFile: string
  pause: string
  resume: string
  retry: string
  cancel: string
  remove: string
  dismiss: string
  /** A failure after several tries: `{message}` (the error's) and `{attempts}`. */
  failedAfterAttempts: string
  /** Why a file was not added: `{name}`, `{size}`, `{limit}` (a size, a count or the allowed types). */
  restriction: Record<RestrictionCode, string>
  /** The line above a long list: `{done}` of `{count}` files; then failed and refused counts, joined with ", ". */
  summaryUploaded: PluralMessage
  summaryFailed: PluralMessage
  summaryRejected: PluralMessage
  /** Live-region announcements; `{count}`, `{done}`, `{names}` (with many files, counts replace names). */
  announceUploading: PluralMessage
  /** Files of an earlier visit, back and paused; `{count}`. */
  announceResumable: PluralMessage
  /** A file of an earlier visit too large to keep in the browser: `{name}`, `{size}`. */
  repickFile: string
  /** Said once when uploads stop because the browser went offline; `{count}`. */
  announceWaitingForNetwork: PluralMessage
  announceDone: PluralMessage
  announceFailed: PluralMessage
  announceRejected: PluralMessage
  announceFailedMany: PluralMessage
  announceRejectedMany: PluralMessage
}

export const defaultLocale: UploaderLocale = {
  language: undefined,
  chooseFiles: 'Choose files',
  chooseFolder: 'Choose a folder',
  dropHint: 'or drop or paste them here',
  inputLabel: 'Files to upload',
  folderInputLabel: 'Folder to upload',
  filesLabel: 'Files',
  totalProgress: 'Total upload progress',
  totalBytes: '{uploaded} of {total}',
  speed: '{speed}',
  timeLeft: '{time} left',
  fileProgress: 'Upload progress of {name}',
  status: {
    pending: 'Waiting',
    uploading: 'Uploading',
    'waiting-for-network': 'Waiting for the network',
    paused: 'Paused',
    resumable: 'Paused: resume?',
    complete: 'Uploaded',
    error: 'Failed',
    rejected: 'Not added',
  },
  retryFile: 'Retry {name}',
  cancelFile: 'Cancel {name}',
  removeFile: 'Remove {name}',
  dismissFile: 'Dismiss {name}',
  pauseFile: 'Pause {name}',
  resumeFile: 'Resume {name}',
  pause: 'Pause',
  resume: 'Resume',
  retry: 'Retry',
  cancel: 'Cancel',
  remove: 'Remove',
  dismiss: 'Dismiss',
  failedAfterAttempts: AFTER_ATTEMPTS,
  restriction: restrictionMessages,
  announceUploading: { one: 'Uploading {count} file', other: 'Uploading {count} files' },
  announceResumable: {
    one: '{count} file from your last visit is paused: resume it to finish',
    other: '{count} files from your last visit are paused: resume them to finish',
  },
  repickFile: 'Choose {name} ({size}) again to finish its upload: it was too large to keep in this browser.',
  announceWaitingForNetwork: {
    one: 'Offline: {count} file waits for the network',
    other: 'Offline: {count} files wait for the network',
  },
  announceDone: { one: '{done} of {count} file uploaded', other: '{done} of {count} files uploaded' },
  announceFailed: { other: '{count} failed: {names}' },
  announceRejected: { other: '{count} not added: {names}' },
  announceFailedMany: { other: '{count} failed' },
  announceRejectedMany: { other: '{count} not added' },
  summaryUploaded: { one: '{done} of {count} uploaded', other: '{done} of {count} uploaded' },
  summaryFailed: { one: '{count} failed', other: '{count} failed' },
  summaryRejected: { one: '{count} not added', other: '{count} not added' },
}

/** What a host app passes: any subset, with `status` and `restriction` mergeable key by key. */
export type UploaderLocaleOverrides = Partial<Omit<UploaderLocale, 'status' | 'restriction'>> & {
  status?: Partial<UploaderLocale['status']>
  restriction?: Partial<UploaderLocale['restriction']>
}

export function resolveLocale(overrides: UploaderLocaleOverrides | undefined): UploaderLocale {
  if (!overrides) return defaultLocale
  return {
    ...defaultLocale,
    ...overrides,
    status: { ...defaultLocale.status, ...overrides.status },
    restriction: { ...defaultLocale.restriction, ...overrides.restriction },
  }
}

export { fill }

export function plural(
  message: PluralMessage,
  count: number,
  language: string | undefined,
  values: Record<string, string | number>,
): string {
  const rule = pluralRule(language).select(count)
  return fill(message[rule] ?? message.other, { count: formatNumber(count, language), ...values })
}

export function formatNumber(value: number, language: string | undefined): string {
  return numberFormat(language).format(value)
}

/** "45 seconds", "3 minutes", "1.5 hours": rounded up, so the estimate never promises too little. */
export function formatDuration(seconds: number, language: string | undefined): string {
  const [value, unit] =
    seconds < 60 ? [Math.ceil(seconds), 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [seconds / 3600, 'hour']
  return numberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value)
}
