/**
 * S3's limits and the part arithmetic both sides must agree on: the client cuts
 * a file with `partSizeFor`, declares that part size, and the server signs each
 * part's length from the same numbers.
 */

// The request limits live apart, so the read side imports them without the part arithmetic.
export { MAX_CHECKED_KEYS, SERVER_LIMIT_DEFAULTS } from './request-limits.js'

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB

/** S3's smallest part, except the last. */
export const S3_MIN_PART_SIZE = 5 * MiB
/** S3's largest part, and its largest single PUT. */
export const S3_MAX_PART_SIZE = 5 * GiB
export const S3_MAX_PUT_OBJECT_SIZE = 5 * GiB
/** S3's largest object, whatever the upload. */
export const S3_MAX_OBJECT_SIZE = 5 * 1024 * GiB
/** S3's most parts per upload. */
export const S3_MAX_PART_NUMBER = 10_000

/** The browser's transfer defaults, shared by our uploader and Companion mode. */
export const TRANSFER_DEFAULTS = {
  /** Files larger than this go up in parts. */
  multipartThreshold: 100 * MiB,
  partSize: 8 * MiB,
  /** Files at once. */
  concurrency: 6,
} as const

/** The transfer layout a client asked for (any field left out), with the defaults and S3's part minimum applied. */
export function resolveTransferLayout(options: {
  multipartThreshold?: number | undefined
  partSize?: number | undefined
  concurrency?: number | undefined
}): { multipartThreshold: number; partSize: number; concurrency: number } {
  return {
    multipartThreshold: options.multipartThreshold ?? TRANSFER_DEFAULTS.multipartThreshold,
    partSize: Math.max(options.partSize ?? TRANSFER_DEFAULTS.partSize, S3_MIN_PART_SIZE),
    concurrency: options.concurrency ?? TRANSFER_DEFAULTS.concurrency,
  }
}

/** The largest `maxKeysPerRequest` a server accepts: it bounds the signing work one request can ask for. */
export const MAX_KEYS_PER_REQUEST_LIMIT = 10_000

export interface PartLayout {
  /** Size of the whole file, in bytes. */
  size: number
  partSize: number
}

/** Parts of a file cut in `partSize` pieces; a 0-byte file still has one (empty) part. */
export function partCount({ size, partSize }: PartLayout): number {
  return Math.max(1, Math.ceil(size / partSize))
}

/**
 * Bytes of part `partNumber` (from 1; at most `partCount`): `partSize`, the last part the rest.
 * Arithmetic, not `Blob.slice(...).size`: in Chromium each slice registers a blob with the
 * browser process (~130 µs and ~8 KB of browser memory each until collected; see multipart-upload.ts).
 */
export function partBytes(layout: PartLayout, partNumber: number): number {
  const count = partCount(layout)
  return partNumber < count ? layout.partSize : layout.size - (count - 1) * layout.partSize
}

/**
 * The part size a file is really cut with: the requested one, at least 5 MiB,
 * grown so that 10,000 parts hold the file. The client declares exactly this to
 * the endpoint, which signs each part's length from it: the two must agree.
 */
export function partSizeFor(fileSize: number, requested: number): number {
  const partSize = Math.max(requested, S3_MIN_PART_SIZE)
  return Math.ceil(fileSize / partSize) > S3_MAX_PART_NUMBER ? Math.ceil(fileSize / S3_MAX_PART_NUMBER) : partSize
}
