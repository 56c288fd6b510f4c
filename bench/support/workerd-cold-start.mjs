// The Worker bundles of bench/server-cold-start.mjs in real workerd, through
// miniflare (the one test/runtimes installs, or BENCH_MINIFLARE_DIR): the time
// until workerd has loaded the script and serves, and the first request. Each
// run starts a fresh workerd process, so `ready` includes its own boot too.
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export async function loadMiniflare(root) {
  const dir = process.env.BENCH_MINIFLARE_DIR ?? path.join(root, 'test/runtimes')
  try {
    const resolved = createRequire(path.join(dir, 'package.json')).resolve('miniflare')
    return (await import(pathToFileURL(resolved).href)).Miniflare
  } catch {
    return undefined
  }
}

const BODY = JSON.stringify({ operation: 'putObject', file: { name: 'photo.png', size: 1234, type: 'image/png' } })

export async function workerdColdStart(Miniflare, script) {
  const started = performance.now()
  const mf = new Miniflare({ modules: true, script, compatibilityDate: '2026-07-30', compatibilityFlags: ['nodejs_compat'] })
  try {
    await mf.ready
    const ready = performance.now()
    const response = await mf.dispatchFetch('http://bench.test/api/s3', { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY })
    const body = await response.json()
    const answered = performance.now()
    if (response.status !== 200) throw new Error(`workerd answered ${response.status}: ${JSON.stringify(body)}`)
    return { readyMs: ready - started, firstRequestMs: answered - ready, url: body.url }
  } finally {
    await mf.dispose()
  }
}
