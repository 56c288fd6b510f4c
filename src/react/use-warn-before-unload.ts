import { useEffect } from 'react'

/**
 * Asks the browser to confirm leaving the page while `active`, and only then: a
 * `beforeunload` handler left in place would also keep the page out of the back/forward
 * cache. Leaving anyway aborts nothing: the persisted queue resumes the files next time.
 */
export function useWarnBeforeUnload(active: boolean): void {
  useEffect(() => {
    if (!active || typeof window === 'undefined') return
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older Chromium and Safari still need returnValue set to show the prompt.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [active])
}
