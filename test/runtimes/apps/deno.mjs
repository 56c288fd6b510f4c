// README: Deno.serve((request) => handler(request))
import { announce } from './announce.mjs'
import { handler } from './handler.mjs'

Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => announce(port) }, (request) => handler(request))
