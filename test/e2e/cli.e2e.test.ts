import { inject, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/run.js'

// `react-presigned-s3 presign` against Ceph RGW: the URLs it prints must be accepted.
async function presign(...args: string[]): Promise<string> {
  const { endpoint, region, accessKeyId, secretAccessKey } = inject('rgw')
  const env = { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: region }
  let stdout = ''
  let stderr = ''
  const code = await main(['presign', ...args, '--endpoint', endpoint], env, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  })
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  return stdout.trim()
}

describe('the presign command against a real store', () => {
  it('prints a PUT URL, then a GET URL, that the store accepts', async () => {
    const uri = `s3://${inject('rgw').bucket}/cli/résumé 東京.txt`
    const body = 'signed on the command line\n'
    const putUrl = await presign(uri, '--method', 'PUT', '--content-type', 'text/plain', '--expires-in', '120')
    expect(new URL(putUrl).searchParams.get('X-Amz-Expires')).toBe('120')
    const wrongType = await fetch(putUrl, { method: 'PUT', headers: { 'content-type': 'text/html' }, body })
    await wrongType.body?.cancel()
    expect(wrongType.status).toBe(403)
    const put = await fetch(putUrl, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body })
    await put.body?.cancel()
    expect(put.status).toBe(200)

    const get = await fetch(await presign(uri))
    expect(get.status).toBe(200)
    expect(get.headers.get('content-type')).toBe('text/plain')
    expect(await get.text()).toBe(body)
  })
})
