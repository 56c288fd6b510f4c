// A Next.js app (next-app/, built by the test with `next build`) served by Next's own request handler.
import { createServer } from 'node:http'
import next from 'next'
import { announce } from './announce.mjs'

const app = next({ dev: false, dir: new URL('../next-app', import.meta.url).pathname })
await app.prepare()
const handle = app.getRequestHandler()
const server = createServer((req, res) => handle(req, res))
server.listen(0, '127.0.0.1', () => announce(server.address().port))
