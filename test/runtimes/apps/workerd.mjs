// Cloudflare workerd through miniflare, the worker bundled as wrangler bundles it.
import { Miniflare } from 'miniflare'
import { announce } from './announce.mjs'
import { bundle } from './bundle.mjs'

const mf = new Miniflare({
  modules: true,
  script: await bundle('./worker.mjs', 'wrangler'),
  compatibilityDate: '2026-07-30',
  compatibilityFlags: ['nodejs_compat'],
  host: '127.0.0.1',
  port: 0,
})
const url = await mf.ready
announce(Number(url.port), () => mf.dispose().finally(() => process.exit(0)))
