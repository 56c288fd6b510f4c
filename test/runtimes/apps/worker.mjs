// A Cloudflare Worker (module syntax), bundled by workerd.mjs the way wrangler bundles.
import { handler } from './handler.mjs'

export default {
  fetch: (request) => (new URL(request.url).pathname === '/api/s3' ? handler(request) : new Response('Not found', { status: 404 })),
}
