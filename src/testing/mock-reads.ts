import { http, HttpResponse } from 'msw'
import type { GetObjectsReply, GetObjectsRequest } from '../protocol/messages.js'
import type { StoredObject } from './mock-writes.js'
import { signatureQuery, signingSecond, tokenOf, type UrlSigning } from './mock-signature.js'
import { withCors, type AllowedOrigins } from './cors.js'
import { s3Error } from './s3-error.js'

/**
 * The read side of the mock bucket: `getObjects` signs SigV4-shaped GET URLs
 * (see mock-signature.ts) and, with `check`, answers OBJECT_NOT_FOUND for a key
 * the bucket does not hold; GET serves stored objects, refusing unknown signatures and expired URLs.
 */

interface ReadOptions {
  bucketUrl: string
  expiresIn: number
  canRead: (key: string, request: Request) => boolean
  objects: Map<string, StoredObject>
  signing: UrlSigning
  allowedOrigins: AllowedOrigins
}

export function createReadHandlers({ bucketUrl, expiresIn, canRead, objects, signing, allowedOrigins }: ReadOptions) {
  const grants = new Map<string, { key: string; expiresAt: number }>()
  const log: Array<{ url: string; status: number }> = []
  let counter = 0

  function signGetObjects(body: GetObjectsRequest, request: Request) {
    const signedAt = signingSecond(signing)
    const expiresAt = signedAt + expiresIn * 1000
    const reply: GetObjectsReply = {
      objects: body.keys.map((key) => {
        if (!canRead(key, request)) {
          return { key, error: { code: 'KEY_OUTSIDE_PREFIX', message: 'You may not see this file' } }
        }
        // `check`: the real endpoint tries the URL against the store; here the bucket is in memory.
        if (body.check === true && !objects.has(key)) {
          return { key, error: { code: 'OBJECT_NOT_FOUND', message: 'There is no file under this key' } }
        }
        counter += 1
        const token = `g${counter}`
        grants.set(token, { key, expiresAt })
        const disposition = body.responseContentDisposition === undefined
          ? ''
          : `response-content-disposition=${encodeURIComponent(body.responseContentDisposition)}&`
        const query = `${disposition}${signatureQuery(signing, signedAt, expiresIn, token)}`
        return { key, url: `${bucketUrl}/${encodeURIComponent(key)}?${query}`, expiresAt: new Date(expiresAt).toISOString() }
      }),
    }
    return HttpResponse.json(reply)
  }

  const getHandler = http.get(`${bucketUrl}/:key`, withCors(allowedOrigins, ({ request, params }) => {
    const answer = (status: number, response: Response) => {
      log.push({ url: request.url, status })
      return response
    }
    const grant = grants.get(tokenOf(request.url))
    const key = decodeURIComponent(String(params.key))
    if (!grant || grant.key !== key) return answer(403, s3Error(403, 'SignatureDoesNotMatch'))
    if (signing.now() > grant.expiresAt) return answer(403, s3Error(403, 'AccessDenied'))
    const object = objects.get(key)
    if (!object) return answer(404, s3Error(404, 'NoSuchKey'))
    return answer(200, new HttpResponse(object.body, { status: 200, headers: { 'content-type': object.contentType } }))
  }))

  return { signGetObjects, getHandler, log }
}
