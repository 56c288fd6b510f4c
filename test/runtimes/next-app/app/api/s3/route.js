// app/api/s3/route.ts, as the README shows it (Node.js runtime, Next's default).
import { handler } from '../../../../apps/handler.mjs'

export const POST = handler
