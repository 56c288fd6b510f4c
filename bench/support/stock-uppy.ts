// Stock Uppy 6 (@uppy/core + @uppy/aws-s3) with a signRequest over our
// endpoint: what a host app gets without this library.
import AwsS3 from '@uppy/aws-s3'
import Uppy from '@uppy/core'
import { sign, type Layout, type SignTarget } from './sign.js'

export async function stockUpload(target: SignTarget, files: File[], layout: Layout): Promise<void> {
  const uppy = new Uppy({ autoProceed: false })
  const keys = new Map<string, { name: string; size: number; type: string }>()
  uppy.use(AwsS3, {
    limit: layout.concurrency,
    shouldUseMultipart: (file) => (file.size ?? 0) > layout.threshold,
    getChunkSize: () => layout.partSize,
    generateObjectKey: (file) => {
      keys.set(`bench:${file.id}`, { name: file.name ?? 'blob', size: file.size ?? 0, type: file.type ?? '' })
      return `bench:${file.id}`
    },
    signRequest: async (request: any) => {
      if (!('uploadId' in request) || request.uploadId === undefined) {
        // Every multipart upload declares the part size it is cut in (the server binds each part's length).
        const reply = request.method === 'PUT'
          ? await sign(target, { operation: 'putObject', file: keys.get(request.key) })
          : await sign(target, { operation: 'createMultipartUpload', file: keys.get(request.key), partSize: layout.partSize })
        return { url: reply.url, headers: reply.headers, key: reply.key }
      }
      const ref = { key: request.key, uploadId: request.uploadId }
      if (request.method === 'PUT') {
        const { parts } = await sign(target, { operation: 'signParts', ...ref, partNumbers: [request.partNumber] })
        return { url: parts[0].url, headers: parts[0].headers }
      }
      const operation = request.method === 'GET' ? 'listParts' : request.method === 'POST' ? 'completeMultipartUpload' : 'abortMultipartUpload'
      const reply = await sign(target, { operation, ...ref })
      return { url: reply.url, headers: reply.headers }
    },
  })
  try {
    uppy.addFiles(files.map((file) => ({ name: file.name, type: file.type, data: file })))
    const result = await uppy.upload()
    if (result?.failed?.length) throw new Error(`stock Uppy: ${result.failed.length} failed: ${result.failed[0]?.error}`)
  } finally {
    uppy.destroy()
  }
}
