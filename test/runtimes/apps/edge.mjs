// A Vercel edge function (service-worker syntax, as edge-runtime evaluates it), bundled by edge-runtime.mjs.
import { handler } from './handler.mjs'

addEventListener('fetch', (event) => {
  const found = new URL(event.request.url).pathname === '/api/s3'
  event.respondWith(found ? handler(event.request) : new Response('Not found', { status: 404 }))
})
