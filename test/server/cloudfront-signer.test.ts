import { createVerify, generateKeyPairSync } from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { urlLifetime } from '../../src/core/endpoint/url-lifetime.js'
import type { GetObjectsReply, SignedObjectUrl } from '../../src/protocol/messages.js'
import { cloudFrontReadSigner } from '../../src/server/index.js'
import { destroyClients, jsonRequest, makeHandler } from './helpers.js'

afterAll(() => {
  destroyClients()
  vi.useRealTimers()
})

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const DISTRIBUTION = 'https://d111111abcdef8.cloudfront.net/media'

/** CloudFront's own check of a canned-policy URL, written out from its documentation. */
function verifyCanned(signed: string): { resource: string; expires: number; keyPairId: string | null } {
  const url = new URL(signed)
  const expires = Number(url.searchParams.get('Expires'))
  // CloudFront's URL-safe base64: + → -, = → _, / → ~.
  const signature = Buffer.from(url.searchParams.get('Signature')!.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64')
  for (const name of ['Expires', 'Signature', 'Key-Pair-Id']) url.searchParams.delete(name)
  const resource = url.toString()
  const policy = JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }] })
  const verified = createVerify('RSA-SHA1').update(policy).verify(publicKey, signature)
  if (!verified) throw new Error(`signature does not verify for ${policy}`)
  return { resource, expires, keyPairId: new URL(signed).searchParams.get('Key-Pair-Id') }
}

describe('cloudFrontReadSigner', () => {
  it('signs getObjects URLs CloudFront verifies, expiring with the (windowed) read lifetime', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 10, 0, 10), toFake: ['Date'] })
    const handler = makeHandler({
      getObjectExpiresIn: 60,
      getObjectSigningWindow: 30,
      getObjectSigner: cloudFrontReadSigner({ url: DISTRIBUTION, keyPairId: 'K2JCJMDEHXQW5F', privateKey: PEM }),
    })
    const key = 'uploads/a b/ünï.png'
    const response = await handler(jsonRequest({ operation: 'getObjects', keys: [key], responseContentDisposition: 'inline' }))
    const object = ((await response.json()) as GetObjectsReply).objects[0] as SignedObjectUrl
    const checked = verifyCanned(object.url)
    expect(checked.keyPairId).toBe('K2JCJMDEHXQW5F')
    expect(checked.resource).toBe(`${DISTRIBUTION}/uploads/a%20b/%C3%BCn%C3%AF.png?response-content-disposition=inline`)
    // Window start 10:00:00, plus 60 s, plus the 30 s window.
    expect(checked.expires * 1000).toBe(Date.UTC(2026, 11, 1, 10, 1, 30))
    expect(Date.parse(object.expiresAt)).toBe(checked.expires * 1000)
    expect(object.expiresIn).toBe(80)
    // The client cannot read a CDN URL's life: it goes by expiresIn.
    const life = urlLifetime({ ...object, serverDate: null, sentAt: 0, now: 0 })
    expect(life).toBe(80_000)
    // Same window, same URL: the edge and the browser cache it.
    vi.setSystemTime(Date.UTC(2026, 11, 1, 10, 0, 25))
    const again = await handler(jsonRequest({ operation: 'getObjects', keys: [key], responseContentDisposition: 'inline' }))
    expect(((await again.json()) as GetObjectsReply).objects[0]).toMatchObject({ url: object.url })
  })

  it('a tampered URL does not verify', async () => {
    const sign = cloudFrontReadSigner({ url: DISTRIBUTION, keyPairId: 'K1', privateKey: PEM })
    const url = await sign({ key: 'uploads/a.png', signedAt: new Date(), expiresAt: new Date(Date.UTC(2030, 0, 1)) })
    expect(() => verifyCanned(url.replace('a.png', 'b.png'))).toThrow(/does not verify/)
    expect(() => verifyCanned(url.replace(/Expires=\d+/, 'Expires=1999999999'))).toThrow(/does not verify/)
  })

  it('checks its options at creation', () => {
    expect(() => cloudFrontReadSigner({ url: 'http://cdn.test', keyPairId: 'K', privateKey: PEM })).toThrow(/https/)
    expect(() => cloudFrontReadSigner({ url: DISTRIBUTION, keyPairId: '', privateKey: PEM })).toThrow(/keyPairId/)
    expect(() => cloudFrontReadSigner({ url: DISTRIBUTION, keyPairId: 'K', privateKey: '' })).toThrow(/privateKey/)
  })
})
