import { formatBytes } from '../protocol/format-bytes.js'
import { partBytes, partCount, S3_MAX_PART_NUMBER, S3_MAX_PART_SIZE, S3_MIN_PART_SIZE, type PartLayout } from '../protocol/index.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * Binds the parts of a multipart upload to the size declared when it started,
 * and the upload to the time it started, without server state or a secret.
 *
 * `createMultipartUpload` declares a `partSize`; the server writes the declared
 * file size, the part size and the creation time (Unix seconds) into the key's id
 * segment (`uploads/<uuid>-s<size>-p<partSize>-t<seconds>/name`). Every later
 * `signParts` reads them back from the key, signs `Content-Length` into each
 * UploadPart URL, and refuses part numbers past the last part; `signParts`,
 * `listParts` and `completeMultipartUpload` refuse an upload older than
 * `maxUploadAgeSeconds`. A client cannot forge a larger size or a later time:
 * the upload id the store handed out belongs to the key the server signed, so a
 * request sent for another key fails with NoSuchUpload in the store itself.
 */

export { partCount, type PartLayout }

/** A layout and the instant the upload was signed, as recorded in its key. */
export interface UploadBinding extends PartLayout {
  /** Unix seconds at `createMultipartUpload`. */
  createdAt: number
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
// Decimal without leading zeros, so one layout has exactly one spelling.
const NUMBER = '(0|[1-9][0-9]{0,15})'
const BOUND_ID = new RegExp(`^${UUID}-s${NUMBER}-p${NUMBER}-t${NUMBER}$`)

/** The id-segment suffix that records the binding: `-s<size>-p<partSize>-t<createdAt>`. */
export function bindingSuffix({ size, partSize, createdAt }: UploadBinding): string {
  return `-s${size}-p${partSize}-t${createdAt}`
}

/** Reads the binding back from a key the server made; `undefined` for a key without one. */
export function bindingOfKey(key: string, prefix: string): UploadBinding | undefined {
  const idSegment = key.slice(prefix.length).split('/', 1)[0] ?? ''
  const match = BOUND_ID.exec(idSegment)
  if (!match) return undefined
  const binding = { size: Number(match[1]), partSize: Number(match[2]), createdAt: Number(match[3]) }
  return isUsableLayout(binding) && Number.isSafeInteger(binding.createdAt) ? binding : undefined
}

function isUsableLayout(layout: PartLayout): boolean {
  const { size, partSize } = layout
  return Number.isSafeInteger(size) && Number.isSafeInteger(partSize) &&
    partSize >= S3_MIN_PART_SIZE && partSize <= S3_MAX_PART_SIZE && partCount(layout) <= S3_MAX_PART_NUMBER
}

/** The optional `partSize` of a createMultipartUpload body; the file size is checked with it later. */
export function parsePartSize(value: unknown): { partSize?: number } {
  if (value === undefined) return {}
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < S3_MIN_PART_SIZE || value > S3_MAX_PART_SIZE) {
    const [min, max] = [S3_MIN_PART_SIZE, S3_MAX_PART_SIZE].map((bytes) => formatBytes(bytes, undefined, { units: 'iec' }))
    throw invalidRequest(`partSize must be an integer from ${S3_MIN_PART_SIZE} (${min}) to ${S3_MAX_PART_SIZE} (${max})`)
  }
  return { partSize: value }
}

/** The exact length of part `partNumber`, or a refusal for a part past the end of the file. */
export function partLength(layout: PartLayout, partNumber: number): number {
  const count = partCount(layout)
  if (partNumber > count) {
    throw new PresignRejection(
      PresignErrorCode.PART_NUMBER_OUT_OF_RANGE,
      `This upload has ${count} part${count === 1 ? '' : 's'}; part ${partNumber} does not exist`,
    )
  }
  return partBytes(layout, partNumber)
}
