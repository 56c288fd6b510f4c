import type { ObjectSettingsOptions } from './object-settings.js'

/** Checks `objectSettings` at creation, so a bad header value fails at startup, not on an upload. */
export function checkObjectSettings(settings: ObjectSettingsOptions | undefined): ObjectSettingsOptions | undefined {
  if (settings === undefined) return undefined
  if (typeof settings !== 'object' || settings === null) throw new TypeError('objectSettings must be an object')
  const { cacheControl, contentDisposition, metadata, tags, preventOverwrite } = settings
  if (cacheControl !== undefined && (typeof cacheControl !== 'string' || !/^[\x20-\x7e]{1,1024}$/.test(cacheControl))) {
    throw new TypeError('objectSettings.cacheControl must be printable ASCII, e.g. "private, max-age=31536000, immutable"')
  }
  if (contentDisposition !== undefined && contentDisposition !== 'inline' && contentDisposition !== 'attachment') {
    throw new TypeError('objectSettings.contentDisposition must be "inline" or "attachment"')
  }
  for (const [name, value] of [['metadata', metadata], ['tags', tags]] as const) {
    if (value !== undefined && typeof value !== 'function' && (typeof value !== 'object' || value === null)) {
      throw new TypeError(`objectSettings.${name} must be an object of strings or a function returning one`)
    }
  }
  if (preventOverwrite !== undefined && typeof preventOverwrite !== 'boolean') throw new TypeError('objectSettings.preventOverwrite must be a boolean')
  return settings
}
