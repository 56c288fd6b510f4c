// README: Bun.serve({ routes: { '/api/s3': { POST: handler } } })
import { announce } from './announce.mjs'
import { handler } from './handler.mjs'

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, routes: { '/api/s3': { POST: handler } } })
announce(server.port)
