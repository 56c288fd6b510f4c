import type { Page } from 'playwright-core'

/** What the uploader keeps in the page's IndexedDB: name, and whether the file's bytes are there too. */
export function storedQueue(page: Page): Promise<Array<{ name: string; withData: boolean }>> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it (without the uploader's store).
    if (!(await indexedDB.databases()).some((db) => db.name === 'react-presigned-s3')) return []
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('react-presigned-s3')
      open.onerror = () => reject(open.error)
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('upload-queue')) return (db.close(), resolve([]))
        const all = db.transaction('upload-queue').objectStore('upload-queue').getAll()
        all.onerror = () => reject(all.error)
        all.onsuccess = () => {
          db.close()
          resolve(all.result.map((record: { name: string; data?: Blob }) => ({ name: record.name, withData: !!record.data })))
        }
      }
    })
  })
}

/** Counts the browser's part PUTs (`partNumber=` in the URL): every try, and which parts the store answered 200 to. */
export function watchPartPuts(page: Page) {
  let attempts = 0
  const landed: Array<{ partNumber: number; after: number }> = []
  const partOf = (url: string) => Number(new URL(url).searchParams.get('partNumber') ?? 0)
  page.on('request', (request) => {
    if (request.method() === 'PUT' && partOf(request.url()) > 0) attempts += 1
  })
  page.on('response', (response) => {
    const request = response.request()
    const partNumber = partOf(request.url())
    if (request.method() === 'PUT' && partNumber > 0 && response.status() === 200) landed.push({ partNumber, after: attempts })
  })
  return {
    attempts: () => attempts,
    /** How many 200s each part 1…`parts` got. */
    landedCounts: (parts: number) =>
      Array.from({ length: parts }, (_, i) => landed.filter((entry) => entry.partNumber === i + 1).length),
    landedNumbers: () => landed.map((entry) => entry.partNumber),
    landedNumbersSince: (attempt: number) => landed.filter((entry) => entry.after > attempt).map((entry) => entry.partNumber),
  }
}
