import Uppy, { type Body, type Meta } from '@uppy/core'
import { installUploader } from './install-uploader.js'
import { systemClock, type Clock } from './clock.js'
import { Retainers } from './retainers.js'
import { UploaderPluginLoad } from './uploader-plugin-load.js'
import { warnInDevelopment } from './dev-warning.js'
import type { PresignedS3Error } from './errors.js'
import { toPresignedS3Error } from './transfer/uppy-error-mapping.js'
import { FileAdder } from './file-adder.js'
import { startUpload } from './start-upload.js'
import { PublishScheduler } from './publish-scheduler.js'
import { Rejections } from './rejections.js'
import { sameRestrictions, toUppyRestrictions, UPPY_RESTRICTION_LOCALE } from './restrictions.js'
import { Store, type ReadableStore } from './store.js'
import { deriveSnapshot, EMPTY_SNAPSHOT, FileViews, landedFiles, type UploadFile, type UploadSnapshot } from './upload-state.js'
import { networkDownIn } from './transfer/network-watch.js'
import type { UploadControllerOptions } from './upload-controller-options.js'
import { QueueLink, resumeRepicked } from './transfer/persisted-queue/queue-link.js'
import type { RepickFile } from './transfer/persisted-queue/options.js'
import { batchFilePatches } from './batch-file-patches.js'
import { preloadUploadChunks } from './upload-chunks.js'

export type { UploadCallbacks, UploadControllerOptions } from './upload-controller-options.js'

type AnyUppy = Uppy<Meta, Body>

/**
 * Framework-free owner of one Uppy instance: adds files, drives the upload
 * through the signing endpoint, and publishes an immutable snapshot.
 * Uppy is created lazily (never on the server) and exactly once per controller.
 */
export class UploadController implements ReadableStore<UploadSnapshot> {
  #options: UploadControllerOptions
  #uppy: AnyUppy | undefined
  readonly #store = new Store<UploadSnapshot>(EMPTY_SNAPSHOT)
  readonly #errors = new Map<string, PresignedS3Error>()
  readonly #views = new FileViews()
  readonly #retainers: Retainers
  #destroyed = false
  readonly #plugin = new UploaderPluginLoad()
  readonly #rejections = new Rejections()
  /** From the first options: timers already armed must be cleared on the clock that armed them. */
  readonly #clock: Clock
  readonly #scheduler: PublishScheduler
  readonly #adder: FileAdder
  readonly #queue = new QueueLink()
  /** Uppy's own `onBeforeUpload`: another (set through `uppy`) leaves the start to `uppy.upload()`. */
  #stockOnBeforeUpload: unknown

  constructor(options: UploadControllerOptions) {
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#retainers = new Retainers(this.#clock, () => this.destroy())
    this.#scheduler = new PublishScheduler(() => this.#flushSnapshot(), 100, this.#clock)
    this.#adder = new FileAdder(
      () => this.uppy,
      this.#rejections,
      () => this.#options.restrictions,
      // One publish for the whole batch: adding 1000 files must not derive 1000 snapshots.
      (add) => this.#scheduler.batch(add),
      () => {
        if (this.#options.autoUpload !== false) void this.upload()
      },
      // Each view made in the slice that checked its file: made all at once in the publish after the
      // state update, 10,000 new views took 50–165 ms of one task while cold (Node; 4 ms once warm).
      (file) => this.#views.view(file, undefined, networkDownIn(this.uppy.getState().plugins)),
      this.#clock,
    )
  }

  /** Fetches the chunks an upload with these options loads after this class: `<S3Uploader>`'s prefetch. */
  static preload: (options: UploadControllerOptions) => void = preloadUploadChunks

  /** Replaces the options read per call (callbacks, endpoint, headers, credentials, fetch); transport options and `companionEndpoint` apply from the next controller. */
  setOptions(options: UploadControllerOptions): void {
    const restrictionsChanged = !sameRestrictions(this.#options.restrictions, options.restrictions)
    if (this.#uppy !== undefined && options.companionEndpoint !== this.#options.companionEndpoint) {
      warnInDevelopment('`companionEndpoint` changed after the first upload; it applies from the next uploader (give it a `key`).')
    }
    this.#options = options
    if (restrictionsChanged) this.#uppy?.setOptions({ restrictions: toUppyRestrictions(options.restrictions) })
  }

  getSnapshot = (): UploadSnapshot => this.#store.getSnapshot()
  subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener)

  /** The underlying Uppy, for interop with `@uppy/react` and Uppy plugins. */
  get uppy(): AnyUppy {
    if (this.#destroyed) throw new Error('This upload controller was destroyed.')
    this.#uppy ??= this.#createUppy()
    return this.#uppy
  }

  /**
   * Adds files in one Uppy state update, refusing those that break a
   * restriction one by one. Up to 1000 files (at least one; fewer than 1000 when
   * checking them would take a task over 10 ms) are added before this returns;
   * a larger batch (a folder drop) is checked over several tasks, so the page
   * stays responsive, and appears once checked. A file picked again that was
   * kept from an earlier visit resumes instead of being added twice.
   */
  addFiles(files: Iterable<File | Blob>): void {
    this.#adder.add(resumeRepicked(this.uppy, files, (fileId) => this.resume(fileId)))
  }

  /** Uploads every waiting file. Never rejects: failures arrive through `onError` and the snapshot. */
  async upload(): Promise<void> {
    try {
      const uppy = this.uppy
      preloadUploadChunks(this.#options)
      await this.#plugin.ready()
      this.#forgetNotLoaded()
      await startUpload(uppy, this.#stockOnBeforeUpload)
    } catch (error) {
      const mapped = toPresignedS3Error(error)
      if (mapped.code === 'UPLOADER_NOT_LOADED') return this.#failWaiting(mapped)
      this.#options.onError?.(mapped, undefined)
    }
  }

  retry(fileId: string): void {
    // Every file failed this way waits on the same missing chunk: one retry loads it for all of them.
    if (this.#errors.get(fileId)?.code === 'UPLOADER_NOT_LOADED') return void this.upload()
    this.#errors.delete(fileId)
    // Uppy emits no 'complete' for a single-file retry, so report its result here. `retryUpload`
    // runs the upload without it, as restore did (transloadit/uppy#5929);
    // not reported upstream for retryUpload as of 2026-12.
    this.uppy.retryUpload(fileId).then(
      (result) => this.#reportLanded(result?.successful ?? []),
      (error: unknown) => this.#options.onError?.(toPresignedS3Error(error), this.#fileView(fileId)),
    )
  }

  /** Stops the file's upload (aborting a multipart upload in the store) and removes it from the list. */
  remove(fileId: string): void {
    this.uppy.removeFile(fileId)
  }

  /**
   * Brings back the files of an earlier visit kept in IndexedDB (see `resumeOnReload`).
   * `useS3Upload` calls it on mount; without it, the queue starts with the first added file.
   */
  restoreQueue(): void {
    if (!this.#destroyed && this.#options.companionEndpoint === undefined && QueueLink.applies(this.#options)) void this.uppy
  }

  /** Files from an earlier visit too large to keep: picking one again resumes it. */
  get repick(): ReadableStore<readonly RepickFile[]> {
    return this.#queue.repick
  }

  dismissRepick = (id: string): void => this.#queue.dismissRepick(id)

  cancelAll(): void {
    this.uppy.cancelAll()
  }

  /** Forgets a refused file shown in `snapshot.rejected`. */
  dismissRejected(id: string): void {
    this.#rejections.dismiss(id)
    this.#scheduler.urgent()
  }

  /** Forgets every refused file. */
  clearRejected(): void {
    this.#rejections.clear()
    this.#scheduler.urgent()
  }

  /** Pauses a file: its requests stop; parts already in the store stay there. */
  pause(fileId: string): void {
    this.#withPlugin((uppy) => {
      const file = uppy.getFile(fileId)
      if (file && !file.isPaused && !file.progress.uploadComplete) uppy.pauseResume(fileId)
    })
  }

  /** Resumes a paused file where it stopped. */
  resume(fileId: string): void {
    this.#withPlugin((uppy) => {
      if (uppy.getFile(fileId)?.isPaused) uppy.pauseResume(fileId)
    })
  }

  pauseAll(): void {
    this.uppy.pauseAll()
  }

  resumeAll(): void {
    this.uppy.resumeAll()
  }

  /**
   * Keeps the controller alive while at least one holder has it. Releasing
   * destroys it on the next task, so React StrictMode's unmount-then-remount
   * keeps the same Uppy instead of building a second one.
   */
  retain(): () => void {
    return this.#retainers.retain()
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.#scheduler.cancel()
    this.#adder.stop()
    this.#queue.detach()
    this.#uppy?.destroy()
    this.#uppy = undefined
  }

  #createUppy(): AnyUppy {
    const options = this.#options
    const uppy = new Uppy<Meta, Body>({
      autoProceed: false,
      allowMultipleUploadBatches: true,
      restrictions: toUppyRestrictions(options.restrictions),
      locale: UPPY_RESTRICTION_LOCALE,
    })
    batchFilePatches(uppy)
    this.#stockOnBeforeUpload = uppy.opts.onBeforeUpload
    this.#listen(uppy)
    this.#plugin.start(() => installUploader(uppy, options, () => this.#options, this.#clock, () => this.#destroyed))
    this.#queue.start(uppy, options, this.#clock, () => void this.upload())
    return uppy
  }

  /** Runs `action` once the uploader plugin is in place (see `UploaderPluginLoad.whenInstalled`). */
  #withPlugin(action: (uppy: AnyUppy) => void): void {
    const uppy = this.uppy
    this.#plugin.whenInstalled(() => this.#destroyed || action(uppy))
  }

  /** The plugin's chunk did not load: the files that were to upload show why, each with Retry. */
  #failWaiting(error: PresignedS3Error): void {
    if (this.#destroyed) return
    const waiting = this.uppy.getFiles().filter((file) => !file.progress.uploadComplete && !file.error && !file.isPaused)
    for (const file of waiting) this.#errors.set(file.id, error)
    this.#publish()
    if (waiting.length === 0) this.#options.onError?.(error, undefined)
    for (const file of waiting) this.#options.onError?.(error, this.#views.get(file.id))
  }

  /** The chunk arrived after all: the files it failed wait to upload again. */
  #forgetNotLoaded(): void {
    for (const [id, error] of this.#errors) if (error.code === 'UPLOADER_NOT_LOADED') this.#errors.delete(id)
  }

  #listen(uppy: AnyUppy): void {
    // Progress ticks are throttled; changes people must see at once publish now.
    uppy.store.subscribe(() => this.#scheduler.progress())
    for (const event of ['file-added', 'file-removed', 'upload', 'upload-start', 'complete', 'cancel-all'] as const) {
      uppy.on(event, () => this.#scheduler.urgent())
    }
    uppy.on('restriction-failed', (file, error) => {
      const mapped = this.#rejections.record(file, error, this.#options.restrictions)
      this.#scheduler.urgent()
      if (mapped) this.#options.onRestrictionFailed?.(mapped)
    })
    uppy.on('upload-error', (file, error) => {
      if (!file) return
      const mapped = toPresignedS3Error(error)
      this.#errors.set(file.id, mapped)
      this.#publish()
      this.#options.onError?.(mapped, this.#fileView(file.id))
    })
    uppy.on('upload-success', (file) => {
      if (file) this.#errors.delete(file.id)
    })
    uppy.on('file-removed', (file) => {
      this.#errors.delete(file.id)
      this.#views.forget(file.id)
    })
    uppy.on('complete', (result) => this.#reportLanded(result.successful ?? []))
  }

  #reportLanded(successful: ReadonlyArray<{ id: string }>): void {
    // One snapshot for the whole batch: a lookup per file would derive 1000 snapshots for 1000 files.
    this.#publish()
    const files = landedFiles(this.#store.getSnapshot(), successful)
    if (files.length > 0) this.#options.onUploadComplete?.(files)
  }

  #publish(): void {
    this.#scheduler.now()
  }

  #flushSnapshot(): void {
    if (!this.#uppy) return
    const snapshot = deriveSnapshot(this.#uppy.getState(), this.#errors, this.#views, this.#rejections.list)
    this.#store.set(snapshot)
  }

  #fileView(fileId: string): UploadFile | undefined {
    this.#publish()
    return this.#views.get(fileId)
  }
}
