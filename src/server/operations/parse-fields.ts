import type { FileDescriptor } from '../../protocol/messages.js'
import { S3_MAX_PART_NUMBER } from '../../protocol/limits.js'
import { DEFAULT_CONTENT_TYPE, isValidMediaType } from '../content-type.js'
import {
  MAX_KEY_BYTES,
  MAX_RAW_NAME_LENGTH,
  fileNameProblem,
  hasControlCharacters,
  isWellFormed,
  utf8ByteLength,
} from '../object-key.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from '../presign-error.js'

/** Checks for the fields several operations share; each throws a PresignRejection naming the field. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function parseFile(value: unknown): FileDescriptor {
  if (!isRecord(value)) throw invalidRequest('file must be an object with name, size and type')
  const { name, size, type } = value
  if (typeof name !== 'string') throw invalidRequest('file.name must be a string')
  if (name.length > MAX_RAW_NAME_LENGTH) {
    throw new PresignRejection(
      PresignErrorCode.INVALID_FILE_NAME,
      `The file name is longer than ${MAX_RAW_NAME_LENGTH} characters`,
    )
  }
  const problem = fileNameProblem(name)
  if (problem !== undefined) throw new PresignRejection(PresignErrorCode.INVALID_FILE_NAME, problem)
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalidRequest('file.size must be a non-negative integer (bytes)')
  }
  if (typeof type !== 'string') throw invalidRequest('file.type must be a string')
  if (type !== '' && !isValidMediaType(type)) {
    throw invalidRequest('file.type must be a MIME type such as "image/png", or empty')
  }
  // Browsers give '' for unknown types; the store would otherwise pick its own default.
  return { name, size, type: type === '' ? DEFAULT_CONTENT_TYPE : type }
}

/** A key shaped like one S3 accepts: non-empty, at most 1024 UTF-8 bytes, no control characters. */
export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && key !== '' && utf8ByteLength(key) <= MAX_KEY_BYTES &&
    isWellFormed(key) && !hasControlCharacters(key)
}

export function parseMultipartRef(body: Record<string, unknown>): { key: string; uploadId: string } {
  const { key, uploadId } = body
  if (!isValidKey(key)) throw invalidRequest('key must be the key returned by createMultipartUpload')
  // Upload ids are opaque, URL-safe tokens on every store seen; anything else is not one.
  if (typeof uploadId !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(uploadId)) {
    throw invalidRequest('uploadId must be a non-empty string of at most 1024 visible ASCII characters')
  }
  return { key, uploadId }
}

export function parsePartNumbers(value: unknown, maxCount: number): number[] {
  if (!Array.isArray(value)) {
    throw invalidRequest(`partNumbers must be an array of integers from 1 to ${S3_MAX_PART_NUMBER}`)
  }
  if (value.length === 0) throw invalidRequest('partNumbers must not be empty')
  if (value.length > maxCount) {
    throw new PresignRejection(
      PresignErrorCode.TOO_MANY_PARTS,
      `At most ${maxCount} part numbers can be signed per request, got ${value.length}`,
    )
  }
  const seen = new Set<number>()
  value.forEach((partNumber: unknown, index) => {
    const inRange = typeof partNumber === 'number' && Number.isInteger(partNumber) &&
      partNumber >= 1 && partNumber <= S3_MAX_PART_NUMBER
    if (!inRange) {
      throw invalidRequest(`partNumbers[${index}] must be an integer from 1 to ${S3_MAX_PART_NUMBER}`)
    }
    if (seen.has(partNumber)) throw invalidRequest(`partNumbers[${index}] repeats part number ${partNumber}`)
    seen.add(partNumber)
  })
  return [...seen]
}

/** `listParts`' optional page marker: a part number (0 is the first page). */
export function parsePartNumberMarker(value: unknown): { partNumberMarker?: number } {
  if (value === undefined) return {}
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > S3_MAX_PART_NUMBER) {
    throw invalidRequest(`partNumberMarker must be an integer from 0 to ${S3_MAX_PART_NUMBER}`)
  }
  return { partNumberMarker: value }
}
