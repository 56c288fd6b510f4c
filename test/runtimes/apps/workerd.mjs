// Cloudflare workerd through miniflare, the worker bundled as wrangler bundles it.
// `node apps/workerd.mjs nodejs_compat` sets that compatibility flag; without it, no node:* module exists.
import { Miniflare } from 'miniflare'
import { announce } from './announce.mjs'
import { bundle } from './bundle.mjs'

const flags = process.argv.slice(2)
const mf = new Miniflare({
  modules: true,
  script: await bundle('./worker.mjs', 'wrangler'),
  compatibilityDate: '2026-07-30',
  compatibilityFlags: flags,
  host: '127.0.0.1',
  port: 0,
})
const url = await mf.ready
announce(Number(url.port), () => mf.dispose().finally(() => process.exit(0)))
