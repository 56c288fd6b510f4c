// Hono on Node (@hono/node-server), the route as the README shows it.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { announce } from './announce.mjs'
import { handler } from './handler.mjs'

const app = new Hono()
app.post('/api/s3', (c) => handler(c.req.raw))

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => announce(info.port))
void server
