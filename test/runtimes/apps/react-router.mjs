// React Router 7 in framework mode: its request handler (createRequestHandler)
// serving the server build of a one-route app, app/routes/api.s3.ts being the
// README's resource route. `react-router build` would emit this build object;
// it is written out here to keep Vite and the compiler out of the test.
// Served over Node's http by the library's own adapter.
import { createServer } from 'node:http'
import { createRequestHandler } from 'react-router'
import { toNodeHandler } from 'react-presigned-s3/server'
import { announce } from './announce.mjs'
import { handler } from './handler.mjs'

// app/routes/api.s3.ts, as the README shows it:
const apiS3 = { action: ({ request }) => handler(request) }

const routes = {
  root: { id: 'root', path: '', module: { default: () => null } },
  'routes/api.s3': { id: 'routes/api.s3', parentId: 'root', path: 'api/s3', module: apiS3 },
}
const assetRoute = (route, hasAction) => ({
  ...route,
  module: `/assets/${route.id}.js`,
  hasAction,
  hasLoader: false,
  hasClientAction: false,
  hasClientLoader: false,
  hasClientMiddleware: false,
  hasErrorBoundary: false,
  imports: [],
  css: [],
})
const build = {
  entry: { module: { default: () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }) } },
  routes,
  assets: {
    entry: { module: '/assets/entry.client.js', imports: [] },
    routes: { root: assetRoute(routes.root, false), 'routes/api.s3': assetRoute(routes['routes/api.s3'], true) },
    url: '/assets/manifest.js',
    version: '1',
  },
  publicPath: '/',
  assetsBuildDirectory: 'build/client',
  future: {},
  ssr: true,
  isSpaMode: false,
  prerender: [],
  routeDiscovery: { mode: 'lazy', manifestPath: '/__manifest' },
}

const server = createServer(toNodeHandler(createRequestHandler(build, 'production')))
server.listen(0, '127.0.0.1', () => announce(server.address().port))
