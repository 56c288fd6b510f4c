import { EndpointError } from '../errors.js'

/** The field checks every reply check is made of; each failure names the field (`reply.objects[2].url`). */

export function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad(`${where} is not an object`)
  }
  return value as Record<string, unknown>
}

export function checkString(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field]
  if (typeof value !== 'string' || value === '') bad(`${where}.${field} is missing or not a string`)
  return value as string
}

export function bad(detail: string): never {
  throw EndpointError.badReply(detail)
}
