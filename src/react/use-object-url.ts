import { useEffect, useState } from 'react'

/**
 * An object URL for `blob` while the calling component is mounted, revoked
 * when it unmounts or the blob changes, so a removed row frees its preview.
 * Created in an effect: never during render, never on the server.
 */
export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined)
  useEffect(() => {
    if (!blob || typeof URL.createObjectURL !== 'function') return
    const created = URL.createObjectURL(blob)
    setUrl(created)
    return () => {
      URL.revokeObjectURL(created)
      setUrl(undefined)
    }
  }, [blob])
  return url
}
