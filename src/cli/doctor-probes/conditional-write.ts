import { describeResponse, type Probe } from './context.js'

/**
 * Whether the store honours `If-None-Match: *` on PUT: where it does, a handler can sign it
 * into putObject URLs so that a replayed URL cannot overwrite the upload.
 */
export const conditionalWriteProbe: Probe = async (context) => {
  const title = 'Conditional writes (If-None-Match: *)'
  const key = context.key('if-none-match.txt')
  const first = await context.fetch(await context.signPut(key, 'first'), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'first' })
  await first.body?.cancel()
  const again = await context.fetch(await context.signPut(key, 'again'), {
    method: 'PUT',
    headers: { 'content-type': 'text/plain', 'if-none-match': '*' },
    body: 'again',
  })
  const answer = await describeResponse(again)
  if (again.status === 412) return [{ status: 'ok' as const, title, detail: `Verified: a PUT with If-None-Match: * over an existing object is refused (${answer}).` }]
  return [{
    status: 'note' as const,
    title,
    detail: again.ok
      ? 'Not verified: a PUT with If-None-Match: * replaced an existing object. A putObject URL replayed within its life overwrites the upload.'
      : `Not checked: the conditional PUT failed otherwise (${answer}).`,
  }]
}
