import { systemClock, type Clock } from './clock.js'
import { Retainers } from './retainers.js'
import type { PresignedS3Error } from './errors.js'
import { FollowingStore } from './following-store.js'
import { uploaderNotLoaded } from './uploader-not-loaded.js'
import type { ReadableStore } from './store.js'
import { keepsQueueHere, queueScope, type RepickFile } from './transfer/persisted-queue/options.js'
import type { UploadController } from './upload-controller.js'
import type { UploadControllerOptions } from './upload-controller-options.js'
import { EMPTY_SNAPSHOT, type FileStatus, type UploadFile, type UploadSnapshot } from './upload-state.js'

/** What `<S3Uploader>` asks of its controller: the real one and the lazy one both offer it. */
export type UploadSession = Pick<
  UploadController,
  | 'getSnapshot'
  | 'subscribe'
  | 'setOptions'
  | 'retain'
  | 'restoreQueue'
  | 'addFiles'
  | 'upload'
  | 'retry'
  | 'remove'
  | 'cancelAll'
  | 'dismissRejected'
  | 'clearRejected'
  | 'pause'
  | 'resume'
  | 'pauseAll'
  | 'resumeAll'
  | 'repick'
  | 'dismissRepick'
>

export type LoadController = () => Promise<{ UploadController: typeof UploadController }>

const NO_REPICK: readonly RepickFile[] = Object.freeze([])

/**
 * An `UploadController` whose code (Uppy and the controller, ~20 KB gzip) loads with the first
 * file, or at mount when an earlier visit left files to resume, instead of with the page
 * (bench/bundle-size.mjs), or ahead of it with `prefetch()`. `<S3Uploader>` uses it;
 * `useS3Upload` keeps the real controller, whose `uppy` is there at once for `@uppy/react`. If
 * the code does not arrive, the files added meanwhile show as failed with `UPLOADER_NOT_LOADED`,
 * and Retry loads it again.
 */
export class LazyUploadController implements UploadSession {
  #options: UploadControllerOptions
  readonly #load: LoadController
  readonly #clock: Clock
  readonly #snapshot = new FollowingStore<UploadSnapshot>(EMPTY_SNAPSHOT)
  readonly #repick = new FollowingStore<readonly RepickFile[]>(NO_REPICK)
  #controller: UploadController | undefined
  #loading: Promise<UploadController | undefined> | undefined
  /** The code, asked for by `prefetch()` or the first file; forgotten if it did not arrive, so the next need asks again. */
  #code: ReturnType<LoadController> | undefined
  /** Added before the code arrived; shown as failed if it does not, and added again by the next try. */
  #waiting: Array<File | Blob> = []
  #failed: UploadFile[] = []
  #failedCount = 0
  readonly #retainers: Retainers
  #destroyed = false

  constructor(options: UploadControllerOptions, load: LoadController = () => import('./upload-controller.js')) {
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#retainers = new Retainers(this.#clock, () => this.destroy())
    this.#load = load
  }

  getSnapshot = (): UploadSnapshot => this.#snapshot.getSnapshot()
  subscribe = (listener: () => void): (() => void) => this.#snapshot.subscribe(listener)

  get repick(): ReadableStore<readonly RepickFile[]> {
    return this.#repick
  }

  setOptions(options: UploadControllerOptions): void {
    this.#options = options
    this.#controller?.setOptions(options)
  }

  addFiles(files: Iterable<File | Blob>): void {
    // Copied now: a file input's FileList empties once the input is reset.
    const list = [...files]
    if (list.length === 0 || this.#destroyed) return
    if (this.#controller) return this.#controller.addFiles(list)
    this.#waiting.push(...list)
    void this.#start()
  }

  async upload(): Promise<void> {
    await (await this.#start())?.upload()
  }

  retry = (fileId: string): void => {
    if (!this.#failed.some((file) => file.id === fileId)) return this.#whenStarted((controller) => controller.retry(fileId))
    // Every failed file waits on the same missing code: one retry loads it for all of them.
    void this.#start()
  }

  remove = (fileId: string): void => {
    if (this.#failed.some((file) => file.id === fileId)) {
      this.#failed = this.#failed.filter((file) => file.id !== fileId)
      this.#snapshot.set(failedSnapshot(this.#failed))
      return
    }
    this.#whenStarted((controller) => controller.remove(fileId))
  }

  cancelAll = (): void => this.#whenStarted((controller) => controller.cancelAll())
  dismissRejected = (id: string): void => this.#whenStarted((controller) => controller.dismissRejected(id))
  clearRejected = (): void => this.#whenStarted((controller) => controller.clearRejected())
  pause = (fileId: string): void => this.#whenStarted((controller) => controller.pause(fileId))
  resume = (fileId: string): void => this.#whenStarted((controller) => controller.resume(fileId))
  pauseAll = (): void => this.#whenStarted((controller) => controller.pauseAll())
  resumeAll = (): void => this.#whenStarted((controller) => controller.resumeAll())
  dismissRepick = (id: string): void => this.#whenStarted((controller) => controller.dismissRepick(id))

  /**
   * Fetches the code ahead of the first file (the pointer or focus came to the widget, the page
   * went idle), so that file's requests wait for no chunk. Builds nothing, and a failure is no
   * error here: it is forgotten, and the first file loads the code again and reports that failure.
   */
  prefetch(): void {
    if (this.#destroyed || this.#loading || this.#code) return
    const options = this.#options
    this.#loadCode().then(({ UploadController }) => UploadController.preload(options), () => {})
  }

  /** Loads the code at mount only if an earlier visit left files of this uploader in IndexedDB. */
  restoreQueue(): void {
    const options = this.#options
    if (this.#destroyed || options.companionEndpoint !== undefined || !keepsQueueHere(options)) return
    import('./transfer/persisted-queue/queue-db.js')
      .then(({ hasSavedFiles }) => hasSavedFiles(queueScope(options)))
      .then(async (saved) => {
        if (saved) (await this.#start())?.restoreQueue()
      })
      // Unreadable here means unreadable for the queue too: it warns when the code loads with a file.
      .catch(() => {})
  }

  /** Same lifetime rule as `UploadController.retain`: destroyed on the task after the last release. */
  retain(): () => void {
    return this.#retainers.retain()
  }

  destroy(): void {
    this.#destroyed = true
    this.#controller?.destroy()
  }

  #start(): Promise<UploadController | undefined> {
    if (this.#controller) return Promise.resolve(this.#controller)
    if (this.#failed.length > 0) {
      this.#waiting.unshift(...this.#failed.map((file) => file.data))
      this.#failed = []
      this.#snapshot.set(EMPTY_SNAPSHOT)
    }
    this.#loading ??= this.#loadCode().then(
      ({ UploadController }) => {
        if (this.#destroyed) return undefined
        const controller = new UploadController(this.#options)
        this.#controller = controller
        this.#snapshot.follow(controller)
        this.#repick.follow(controller.repick)
        const waiting = this.#waiting
        this.#waiting = []
        if (waiting.length > 0) controller.addFiles(waiting)
        return controller
      },
      (cause: unknown) => {
        this.#loading = undefined
        this.#fail(uploaderNotLoaded(cause))
        return undefined
      },
    )
    return this.#loading
  }

  /** The code asked for once, whoever asks first: a file added while a prefetch is on its way waits for that one. */
  #loadCode(): ReturnType<LoadController> {
    if (this.#code) return this.#code
    const code = this.#load()
    this.#code = code
    code.catch(() => {
      if (this.#code === code) this.#code = undefined
    })
    return code
  }

  /** Runs `action` on the controller if there is one or one is on its way; with no files yet there is nothing to act on. */
  #whenStarted(action: (controller: UploadController) => void): void {
    if (this.#controller) action(this.#controller)
    else
      void this.#loading?.then((controller) => {
        if (controller) action(controller)
      })
  }

  #fail(error: PresignedS3Error): void {
    if (this.#destroyed) return
    const added = this.#waiting.map((data) => failedFile(`unloaded-${(this.#failedCount += 1)}`, data, error))
    this.#waiting = []
    this.#failed = [...this.#failed, ...added]
    this.#snapshot.set(failedSnapshot(this.#failed))
    for (const file of added) this.#options.onError?.(error, file)
  }
}

function failedFile(id: string, data: File | Blob, error: PresignedS3Error): UploadFile {
  const name = 'name' in data ? data.name : id
  return { id, name, size: data.size, type: data.type, status: 'error', bytesUploaded: 0, progress: 0, error, data }
}

function failedSnapshot(files: readonly UploadFile[]): UploadSnapshot {
  if (files.length === 0) return EMPTY_SNAPSHOT
  const counts: Record<FileStatus, number> = { ...EMPTY_SNAPSHOT.counts, error: files.length }
  const bytesTotal = files.reduce((total, file) => total + file.size, 0)
  return { ...EMPTY_SNAPSHOT, files: Object.freeze([...files]), status: 'error', bytesTotal, counts }
}
