import { ETAG_NOT_EXPOSED_MESSAGE } from './etag-cors-hint.js'
import type { StorageResponse } from './storage-transport.js'
import * as StorageFailure from './storage-failures.js'

/**
 * Reading the store's few XML answers. They are small, flat and fixed by the
 * S3 API, so a regular expression per field is enough and works in every
 * runtime (DOMParser does not exist in workers or Node).
 */

/** Throws a `StorageError` for anything but 2xx. */
export function checkStatus(response: StorageResponse): StorageResponse {
  if (response.status >= 200 && response.status < 300) {
    // S3 may answer CompleteMultipartUpload 200 with an <Error> body.
    if (!/<Error>/.test(response.text)) return response
  }
  const storageCode = response.header('x-amz-error-code') ?? xmlField(response.text, 'Code')
  const status = response.status >= 200 && response.status < 300 ? 500 : response.status
  return throwHttp(status, storageCode)
}

function throwHttp(status: number, storageCode: string | undefined): never {
  throw StorageFailure.http(status, storageCode)
}

export function readEtag(response: StorageResponse): string {
  const etag = response.header('etag')
  if (!etag) {
    throw StorageFailure.corsMisconfigured(ETAG_NOT_EXPOSED_MESSAGE, { status: response.status })
  }
  return etag
}

export function readUploadId(response: StorageResponse): string {
  const uploadId = xmlField(response.text, 'UploadId')
  if (!uploadId) throwHttp(response.status, 'NoUploadId')
  return uploadId
}

export interface ListedPart {
  partNumber: number
  etag: string
  size: number
  /** The part's SHA-256 (base64), listed when the upload was created with `x-amz-checksum-algorithm: SHA256`. */
  checksumSha256?: string
}

/** Parts of one ListParts answer (one page: up to 1000 parts; see readListPage). */
export function readListedParts(text: string): ListedPart[] {
  const parts: ListedPart[] = []
  for (const match of text.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const body = match[1]!
    const partNumber = Number(xmlField(body, 'PartNumber'))
    const etag = xmlField(body, 'ETag')
    const size = Number(xmlField(body, 'Size'))
    const checksumSha256 = xmlField(body, 'ChecksumSHA256')
    if (Number.isInteger(partNumber) && etag) parts.push({ partNumber, etag, size, ...(checksumSha256 && { checksumSha256 }) })
  }
  return parts
}

/** One page of a ListParts answer, and the marker of the next page when S3 says it is truncated. */
export function readListPage(text: string): { parts: ListedPart[]; nextMarker?: number } {
  const parts = readListedParts(text)
  if (xmlField(text, 'IsTruncated') !== 'true') return { parts }
  const next = Number(xmlField(text, 'NextPartNumberMarker') ?? parts.at(-1)?.partNumber)
  return Number.isInteger(next) && next > 0 ? { parts, nextMarker: next } : { parts }
}

/** With `checksumSha256` per part when the upload was created with SHA256: the store requires it and checks it. */
export function completeBody(parts: ReadonlyArray<{ partNumber: number; etag: string; checksumSha256?: string | undefined }>): string {
  const items = [...parts]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((part) => {
      const checksum = part.checksumSha256 === undefined ? '' : `<ChecksumSHA256>${escapeXml(part.checksumSha256)}</ChecksumSHA256>`
      return `<Part><PartNumber>${part.partNumber}</PartNumber><ETag>${escapeXml(part.etag)}</ETag>${checksum}</Part>`
    })
  return `<CompleteMultipartUpload>${items.join('')}</CompleteMultipartUpload>`
}

function xmlField(text: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)
  return match ? unescapeXml(match[1]!) : undefined
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&amp;/g, '&')
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
