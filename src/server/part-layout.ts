import { formatBytes } from '../protocol/format-bytes.js'
import { partCount, S3_MAX_PART_NUMBER, S3_MAX_PART_SIZE, S3_MIN_PART_SIZE, type PartLayout } from '../protocol/index.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'

/**
 * Binds the parts of a multipart upload to the size declared when it started,
 * without server state or a secret.
 *
 * `createMultipartUpload` may declare a `partSize`; the server then writes the
 * declared file size and part size into the key's id segment
 * (`uploads/<uuid>-s<size>-p<partSize>/name`). Every later `signParts` reads them
 * back from the key, signs `Content-Length` into each UploadPart URL, and refuses
 * part numbers past the last part. A client cannot forge a larger size: the
 * upload id S3 handed out belongs to the key the server signed, so a part sent
 * for another key fails with NoSuchUpload in the store itself.
 */

export { partCount, type PartLayout }

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
// Decimal without leading zeros, so one layout has exactly one spelling.
const NUMBER = '(0|[1-9][0-9]{0,15})'
const BOUND_ID = new RegExp(`^${UUID}-s${NUMBER}-p${NUMBER}$`)

/** The id-segment suffix that records the layout: `-s<size>-p<partSize>`. */
export function layoutSuffix({ size, partSize }: PartLayout): string {
  return `-s${size}-p${partSize}`
}

/** Reads the layout back from a key the server made; `undefined` for a key without one. */
export function layoutOfKey(key: string, prefix: string): PartLayout | undefined {
  const idSegment = key.slice(prefix.length).split('/', 1)[0] ?? ''
  const match = BOUND_ID.exec(idSegment)
  if (!match) return undefined
  const layout = { size: Number(match[1]), partSize: Number(match[2]) }
  return isUsableLayout(layout) ? layout : undefined
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

/** Checks a declared layout at createMultipartUpload, before anything is signed. */
export function checkLayout(layout: PartLayout): void {
  if (partCount(layout) > S3_MAX_PART_NUMBER) {
    throw invalidRequest(
      `partSize is too small for this file: it would need ${partCount(layout)} parts, and S3 allows ${S3_MAX_PART_NUMBER}`,
    )
  }
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
  return partNumber < count ? layout.partSize : layout.size - (count - 1) * layout.partSize
}
