// Node's http module with the Node adapter (README: "Node's `http` module").
import { createServer } from 'node:http'
import { toNodeHandler } from 'react-presigned-s3/server'
import { announce } from './announce.mjs'
import { handler } from './handler.mjs'

const node = toNodeHandler(handler)
const server = createServer((req, res) => (req.url === '/api/s3' ? node(req, res) : res.writeHead(404).end()))
server.listen(0, '127.0.0.1', () => announce(server.address().port))
