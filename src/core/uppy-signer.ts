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

export class UppySigner {
  readonly #client: EndpointClient
  readonly #uppy: () => Uppy<Meta, Body>
  /** When the last URL signed for each file stops working, to tell "expired" from other failures. */
  readonly #expiry = new Map<string, number>()

  constructor(client: EndpointClient, uppy: () => Uppy<Meta, Body>) {
    this.#client = client
    this.#uppy = uppy
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
    const operation = request.method === 'PUT' ? 'putObject' : 'createMultipartUpload'
    const reply = await this.#client.send({ operation, file: descriptor })
    return { ...this.#presigned(reply, fileId), key: reply.key }
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
