import { useEffect, useState } from 'react'

/**
 * An object URL for `blob` while the calling component is mounted, revoked
 * when it unmounts or the blob changes, so a removed row frees its preview.
 * Created in an effect: never during render, never on the server.
 *
 * `createObjectURL` can throw (jsdom's refuses a Blob it did not make, such
 * as Node's `File` in a host app's tests): then there is no preview, and the
 * error never reaches React, which would unmount the host's whole page.
 */
export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined)
  useEffect(() => {
    if (!blob || typeof URL.createObjectURL !== 'function') return
    let created: string
    try {
      created = URL.createObjectURL(blob)
    } catch {
      return
    }
    setUrl(created)
    return () => {
      URL.revokeObjectURL(created)
      setUrl(undefined)
    }
  }, [blob])
  return url
}
