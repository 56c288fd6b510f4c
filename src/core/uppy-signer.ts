import type { AwsS3Options } from '@uppy/aws-s3'
import type { Body, Meta, Uppy } from '@uppy/core'
import type { EndpointClient } from './endpoint-client.js'
import type { FileDescriptor, SignedRequest } from './protocol.js'

type SignRequestFn = Extract<AwsS3Options<Meta, Body>, { signRequest: unknown }>['signRequest']
export type UppySignRequest = Parameters<SignRequestFn>[0]
type UppyPresigned = Awaited<ReturnType<SignRequestFn>>

/**
 * Uppy's `signRequest` sees a key, never the file. We hand Uppy a placeholder
 * key that names the Uppy file id, so the signer can send the file's name,
 * size and type to the endpoint; the endpoint answers with the real key, which
 * Uppy then uses for every later request of that upload.
 */
const PLACEHOLDER = 'rps3-file:'

export function placeholderKey(fileId: string): string {
  return PLACEHOLDER + fileId
}

const MIN_PART_SIZE = 5 * 1024 * 1024
const MAX_PARTS = 10_000

/**
 * The part size `@uppy/aws-s3` really uses for a file, given the size it was asked
 * for (S3Uploader.ts: at least 5 MiB, and large enough for 10,000 parts). Declared
 * to the endpoint, which then binds every part URL to its exact length.
 */
export function uppyPartSize(fileSize: number, requested: number): number {
  const partSize = Math.max(requested, MIN_PART_SIZE)
  return Math.ceil(fileSize / partSize) > MAX_PARTS ? Math.ceil(fileSize / MAX_PARTS) : partSize
}

export class UppySigner {
  readonly #client: EndpointClient
  readonly #uppy: () => Uppy<Meta, Body>
  readonly #partSize: ((fileSize: number) => number) | undefined
  /** When the last URL signed for each file stops working, to tell "expired" from other failures. */
  readonly #expiry = new Map<string, number>()

  /** `partSize` gives the part size Uppy uses for a file of that size; without it none is declared. */
  constructor(client: EndpointClient, uppy: () => Uppy<Meta, Body>, partSize?: (fileSize: number) => number) {
    this.#client = client
    this.#uppy = uppy
    this.#partSize = partSize
  }

  expiresAt(fileId: string): number | undefined {
    return this.#expiry.get(fileId)
  }

  forget(fileId: string): void {
    this.#expiry.delete(fileId)
  }

  signRequest = async (request: UppySignRequest): Promise<UppyPresigned> => {
    if (!('uploadId' in request)) return this.#signStart(request)
    const ref = { key: request.key, uploadId: request.uploadId }
    const fileId = this.#fileIdOfUpload(request.uploadId)
    if (request.method === 'PUT') {
      const reply = await this.#client.send({ operation: 'signParts', ...ref, partNumbers: [request.partNumber] })
      const part = reply.parts.find((p) => p.partNumber === request.partNumber)
      if (!part) throw new TypeError(`The upload server did not sign part ${request.partNumber}.`)
      return this.#presigned(part, fileId)
    }
    const operation =
      request.method === 'GET' ? 'listParts' : request.method === 'POST' ? 'completeMultipartUpload' : 'abortMultipartUpload'
    return this.#presigned(await this.#client.send({ operation, ...ref }), fileId)
  }

  async #signStart(request: Exclude<UppySignRequest, { uploadId: string }>): Promise<UppyPresigned> {
    if (request.method === 'DELETE') throw new TypeError('Deleting objects is not part of the upload protocol.')
    const fileId = request.key.startsWith(PLACEHOLDER) ? request.key.slice(PLACEHOLDER.length) : undefined
    const file = fileId === undefined ? undefined : this.#uppy().getFile(fileId)
    if (!fileId || !file) throw new TypeError(`No file is waiting to be uploaded under "${request.key}".`)
    const descriptor: FileDescriptor = { name: file.name, size: file.size ?? 0, type: file.type }
    const reply = request.method === 'PUT'
      ? await this.#client.send({ operation: 'putObject', file: descriptor })
      : await this.#client.send({ operation: 'createMultipartUpload', file: descriptor, ...this.#declaredPartSize(descriptor) })
    return { ...this.#presigned(reply, fileId), key: reply.key }
  }

  #declaredPartSize({ size }: FileDescriptor): { partSize?: number } {
    return this.#partSize === undefined ? {} : { partSize: this.#partSize(size) }
  }

  #presigned(signed: SignedRequest, fileId: string | undefined): UppyPresigned {
    if (fileId !== undefined) this.#expiry.set(fileId, Date.parse(signed.expiresAt))
    return { url: signed.url, headers: signed.headers }
  }

  #fileIdOfUpload(uploadId: string): string | undefined {
    return this.#uppy()
      .getFiles()
      .find((file) => file.s3Multipart?.uploadId === uploadId)?.id
  }
}
