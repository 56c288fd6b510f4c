// The same route on Next's edge runtime: bundled with the `edge-light` condition, Web Crypto only.
import { handler } from '../../../../apps/handler.mjs'

export const runtime = 'edge'
export const POST = handler
