import { HttpResponse } from 'msw'

/** An S3-style XML error, as the store sends it. */
export function s3Error(status: number, code: string): HttpResponse<string> {
  return new HttpResponse(`<?xml version="1.0"?><Error><Code>${code}</Code></Error>`, {
    status,
    headers: { 'content-type': 'application/xml' },
  })
}
