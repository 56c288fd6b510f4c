import { createHash } from 'node:crypto'
import { describeResponse, type Probe } from './context.js'

/** Whether the store checks a body against its Content-MD5: worth knowing, nothing to fix. */
export const contentMd5Probe: Probe = async (context) => {
  const title = 'Content-MD5'
  const url = await context.signPut(context.key('md5.txt'), 'right')
  const wrong = createHash('md5').update('wrong').digest('base64')
  const response = await context.fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain', 'content-md5': wrong }, body: 'right' })
  const answer = await describeResponse(response)
  return [response.ok
    ? { status: 'note' as const, title, detail: 'Not verified: the store kept a body whose Content-MD5 did not match it.' }
    : { status: 'ok' as const, title, detail: `Verified: a body that does not match its Content-MD5 is refused (${answer}).` }]
}
