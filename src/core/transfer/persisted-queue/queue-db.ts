/**
 * The few IndexedDB calls the persisted queue needs, without a wrapper library: a wrapper
 * such as idb-keyval would add about as many bytes as this file and still need the
 * transaction handling below (quota errors arrive as a transaction abort, not a request error).
 */

/** One file of the queue, as kept across reloads. */
export interface PersistedFile {
  /** `scope` and the Uppy file id: one record per file per uploader. */
  key: string
  scope: string
  fileId: string
  name: string
  type: string
  size: number
  lastModified: number
  /** The file itself; absent when it did not fit the budget: the user must pick it again. */
  data?: Blob
  savedAt: number
}

export interface QueueDb {
  all(): Promise<PersistedFile[]>
  /**
   * In one transaction, so all or none are kept: a quota error aborts every record of it. One
   * transaction per file cost Chromium's browser process about 1 CPU-s per 1000 files (bench/queue-idb.mjs).
   */
  put(records: readonly PersistedFile[]): Promise<void>
  /** In one transaction: a landed file each, one transaction apiece, was an IndexedDB commit per upload success. */
  delete(keys: readonly string[]): Promise<void>
}

const DB_NAME = 'react-presigned-s3'
const STORE = 'upload-queue'

/** Rejects where IndexedDB is missing or refuses (some private modes); the caller then keeps nothing. */
export function openQueueDb(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<QueueDb & { close(): void }> {
  if (!factory) return Promise.reject(new Error('IndexedDB is not available.'))
  return new Promise((resolve, reject) => {
    const opening = factory.open(DB_NAME, 1)
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'key' })
    opening.onerror = () => reject(opening.error)
    opening.onblocked = () => reject(new Error('IndexedDB is blocked by another tab.'))
    opening.onsuccess = () => resolve(wrap(opening.result))
  })
}

/**
 * Whether an earlier visit left files of `scope`: `<S3Uploader>` loads its upload code at
 * mount only then (otherwise with the first file).
 */
export async function hasSavedFiles(scope: string): Promise<boolean> {
  const db = await openQueueDb()
  try {
    return (await db.all()).some((record) => record.scope === scope)
  } finally {
    db.close()
  }
}

function wrap(db: IDBDatabase): QueueDb & { close(): void } {
  // Another tab upgrading the database must not wait on this one.
  db.onversionchange = () => db.close()
  return {
    all: async () => {
      let records: PersistedFile[] = []
      await transaction(db, 'readonly', (store) => {
        const request = store.getAll()
        request.onsuccess = () => (records = request.result as PersistedFile[])
      })
      return records
    },
    put: (records) => transaction(db, 'readwrite', (store) => records.forEach((record) => store.put(record))),
    delete: (keys) => transaction(db, 'readwrite', (store) => keys.forEach((key) => store.delete(key))),
    close: () => db.close(),
  }
}

/** Settles when the transaction is committed (or aborted, for instance with `QuotaExceededError`). */
function transaction(db: IDBDatabase, mode: IDBTransactionMode, run: (store: IDBObjectStore) => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('The IndexedDB transaction was aborted.'))
    run(tx.objectStore(STORE))
  })
}
