import { BasePlugin, type Body, type DefinePluginOpts, type Meta, type PluginOpts, type Uppy, type UppyFile } from '@uppy/core'
import { Limiter } from './request-limiter.js'
import { abortMultipart, uploadMultipart, type MultipartState } from './multipart-upload.js'
import { partSizeFor } from '../../protocol/limits.js'
import type { ResumeStore } from './resume-store.js'
import type { Clock } from '../clock.js'
import { mirrorNetwork, type TransferNetwork } from './network-watch.js'
import { HashAhead } from '../hashing/hash-ahead.js'
import { confirmTransfer, type ConfirmedResult } from './confirm-upload.js'
import { uploadSimple } from './simple-upload.js'
import { PutSignAhead } from './put-sign-ahead.js'
import { runSlice, TaskPacer, type SliceBudget } from '../time-slice.js'
import { describeFile, type TransferContext, type TransferJob, type TransferResult } from './transfer-context.js'
import { retryHelps } from '../retry-helps.js'

export interface PresignedUploaderOptions extends PluginOpts {
  context: TransferContext
  /** Files uploading at once. */
  limit: number
  /** Files larger than this go up in parts. */
  multipartThreshold: number
  partSize: number
  /** Parts of one file in flight at once. */
  parallelParts: number
  /** Keeps multipart uploads across reloads; with `fingerprint`. */
  resumeStore?: ResumeStore | undefined
  fingerprint: (data: Blob) => string
  clock: Clock
  /** Builds the network state the transfer waits on (it may listen through Uppy's own events). */
  watchNetwork?: ((uppy: Uppy<Meta, Body>) => TransferNetwork) | undefined
}

type AnyFile = UppyFile<Meta, Body>
/** Abort reasons that are not failures. */
const PAUSED = Symbol('paused')
const PROGRESS_INTERVAL_MS = 100
const CANCELLED = Symbol('cancelled')
/** File runs set up per task: 10,000 at once (each signs ahead, waits for a slot) took 100+ ms, 200 still 80 ms on a busy machine. */
const START_SLICE: SliceBudget = { max: 200, budgetMs: 8 }
/** Successes per task: one confirm reply settles many (10,000 files: 250–450 ms tasks, measured before batch-file-patches.ts). */
const SUCCESS_SLICE: SliceBudget = { max: 50, budgetMs: 8 }

/**
 * Our Uppy uploader, in place of `@uppy/aws-s3`: Uppy keeps the files, state,
 * events, pause/resume and retry bookkeeping; this plugin moves the bytes,
 * with parallel parts, batched signing, retries, re-signing, Content-MD5 and
 * resume after reload (none of which @uppy/aws-s3 6 does).
 */
export class PresignedUploader extends BasePlugin<DefinePluginOpts<PresignedUploaderOptions, never>, Meta, Body> {
  readonly #files: Limiter
  readonly #running = new Map<string, AbortController>()
  /** Files that took a transfer slot and have not ended, their confirm included (the others in #running wait for a slot). */
  readonly #inSlot = new Set<string>()
  readonly #multipart = new Map<string, MultipartState>()
  readonly #resumeWaiters = new Map<string, () => void>()
  /** When each uploading file's progress was last sent to Uppy, or its transfer started (ms). */
  readonly #progressSentAt = new Map<string, number>()
  #unwatchNetwork: (() => void) | undefined
  /** Their digests, started ahead: each is signed into its file's PUT URL, so it comes before the URL. */
  readonly #putHashes: HashAhead<string>
  readonly #signAhead: PutSignAhead
  readonly #successes: TaskPacer

  constructor(uppy: Uppy<Meta, Body>, opts: PresignedUploaderOptions) {
    super(uppy, opts)
    this.id = opts.id ?? 'PresignedUploader'
    this.type = 'uploader'
    this.#files = new Limiter(opts.limit)
    this.#successes = new TaskPacer(SUCCESS_SLICE, opts.clock)
    // The context is this plugin's own (built for it by createTransferPlugin).
    if (opts.watchNetwork) opts.context.network = opts.watchNetwork(uppy)
    this.#putHashes = new HashAhead(opts.context.hasher, (id) => this.uppy.getFile(id)?.data as Blob)
    this.#signAhead = new PutSignAhead(opts.context, opts.limit, this.#putHashes, (id) => {
      const file = this.uppy.getFile(id)
      return file && { file: describeFile(file), landed: file.progress.uploadComplete === true }
    }, (id) => this.#inSlot.has(id))
  }

  override install(): void {
    this.uppy.setState({ capabilities: { ...this.uppy.getState().capabilities, resumableUploads: true } })
    this.uppy.addUploader(this.#upload)
    this.uppy.on('file-removed', this.#onRemoved)
    this.uppy.on('upload-pause', this.#onPause)
    this.uppy.on('pause-all', this.#onPauseAll)
    this.uppy.on('resume-all', this.#onResumeAll)
    const network = this.opts.context.network
    if (network) this.#unwatchNetwork = mirrorNetwork(network, () => this.getPluginState(), (state) => this.setPluginState({ ...state }))
  }

  override uninstall(): void {
    this.uppy.removeUploader(this.#upload)
    this.uppy.off('file-removed', this.#onRemoved)
    this.uppy.off('upload-pause', this.#onPause)
    this.uppy.off('pause-all', this.#onPauseAll)
    this.uppy.off('resume-all', this.#onResumeAll)
    this.#unwatchNetwork?.()
    for (const controller of this.#running.values()) controller.abort(CANCELLED)
    for (const wake of this.#resumeWaiters.values()) wake()
    this.#putHashes.clear()
    this.opts.context.hasher.close()
  }

  #upload = async (fileIDs: string[]): Promise<void> => {
    const files = this.uppy.getFilesByIds(fileIDs).filter((file) => file && !file.progress.uploadComplete && !file.error)
    if (files.length === 0) return
    const simple = files.filter((file) => !this.#isMultipart(file)).map((file) => file.id)
    this.#signAhead.push(simple)
    this.#signAhead.topUp()
    const runs: Array<Promise<void>> = []
    for (let from = 0; from < files.length; ) {
      if (from > 0) await new Promise<void>((resolve) => this.opts.clock.setTimeout(resolve, 0))
      // Marked started slice by slice: 'upload-start' for 10,000 files made Uppy patch them all
      // in the task that started the upload. A file removed meanwhile is skipped.
      const started: AnyFile[] = []
      from = runSlice(files.length, from, START_SLICE, this.opts.clock, (index) => {
        const file = this.uppy.getFile(files[index]!.id) as AnyFile | undefined
        if (!file) return
        started.push(file)
        // In order, so the slots still go to files in the order they were added.
        runs.push(this.#runFile(file.id))
      })
      // Each run waits for its slot (a microtask at least), so its file is marked started before it sends.
      this.uppy.emit('upload-start', started.filter((file) => !file.progress.uploadStarted))
    }
    await Promise.allSettled(runs)
  }

  /** Runs one file to success, failure or removal; while it is paused it waits without a slot. */
  async #runFile(fileId: string): Promise<void> {
    for (;;) {
      let file = this.uppy.getFile(fileId) as AnyFile | undefined
      if (!file) return
      if (file.isPaused) {
        await this.#waitForResume(fileId)
        continue
      }
      const controller = new AbortController()
      this.#running.set(fileId, controller)
      let acquired = false
      try {
        await this.#files.acquire(controller.signal)
        acquired = true
        // One fewer signed file waits: sign the next ones if signing is falling behind.
        this.#inSlot.add(fileId)
        this.#signAhead.topUp()
        file = this.uppy.getFile(fileId) as AnyFile | undefined
        if (!file) return
        const landed = await this.#transfer(file, controller.signal)
        // The bytes are in the store: the next file may start while the endpoint confirms this one.
        // Held through the confirm, each small file waited for three round trips instead of two
        // (1000 x 4 KiB: 1.66 x the fetch loop, 1.22 without confirms; bench/widget.mjs).
        this.#files.release()
        acquired = false
        const confirmed = await confirmTransfer(this.opts.context, describeFile(file), landed, controller.signal, this.#files.idle)
        await this.#successes.run(() => this.#succeed(fileId, confirmed))
        return
      } catch (error) {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined
        if (reason === PAUSED) continue
        if (reason === CANCELLED || !this.uppy.getFile(fileId)) return
        // Kept for a Retry, unless none can help (a file gone from disk): then nothing is left in the store.
        if (!retryHelps(error) && file) this.#forgetUpload(file)
        this.uppy.emit('upload-error', this.uppy.getFile(fileId), error instanceof Error ? error : new Error(String(error)))
        return
      } finally {
        if (this.#running.get(fileId) === controller) this.#running.delete(fileId)
        this.#inSlot.delete(fileId)
        if (acquired) this.#files.release()
      }
    }
  }

  #transfer(file: AnyFile, signal: AbortSignal): Promise<TransferResult> {
    const data = file.data as Blob
    this.#progressSentAt.set(file.id, Date.now())
    const job: TransferJob = {
      fileId: file.id,
      file: describeFile(file),
      data,
      onProgress: (bytesUploaded) => this.#progress(file.id, bytesUploaded),
    }
    if (!this.#isMultipart(file)) {
      const md5 = this.opts.context.checksum ? this.#putHashes.take(file.id, signal) : undefined
      return uploadSimple(this.opts.context, { ...job, md5 }, signal)
    }
    const state = this.#multipartState(file.id, data.size)
    const store = this.opts.resumeStore
    return uploadMultipart(
      this.opts.context,
      {
        ...job,
        state,
        parallel: this.opts.parallelParts,
        resume: store ? { store, fingerprint: this.opts.fingerprint(data) } : undefined,
        onCreated: (ref) => {
          // A cancel that came while the upload was being created: abort it now.
          if (signal.aborted && signal.reason === CANCELLED) this.#abortInStore(ref)
        },
      },
      signal,
    )
  }

  #multipartState(fileId: string, size: number): MultipartState {
    let state = this.#multipart.get(fileId)
    if (!state) {
      state = { partSize: partSizeFor(size, this.opts.partSize), done: new Map() }
      this.#multipart.set(fileId, state)
    }
    return state
  }

  #isMultipart(file: AnyFile): boolean {
    const size = file.size ?? 0
    // An empty file always goes by putObject: the server refuses a 0-byte multipart upload (issue 12).
    return size > 0 && size > this.opts.multipartThreshold
  }

  /**
   * Each 'upload-progress' is a patch of Uppy's files state and a publish (see batch-file-patches.ts):
   * so progress that changes nothing is not sent, nor more than one per file per 100 ms, nor the last
   * byte (the success that follows sets the file complete): one patch per small file, not four.
   */
  #progress(fileId: string, bytesUploaded: number): void {
    const file = this.uppy.getFile(fileId)
    if (!file || file.progress.uploadComplete || file.progress.bytesUploaded === bytesUploaded) return
    if (file.size !== null && bytesUploaded >= file.size) return
    const now = Date.now()
    if (now - (this.#progressSentAt.get(fileId) ?? 0) < PROGRESS_INTERVAL_MS) return
    this.#progressSentAt.set(fileId, now)
    this.uppy.emit('upload-progress', file, {
      uploadStarted: file.progress.uploadStarted ?? this.opts.clock.now(),
      bytesUploaded,
      bytesTotal: file.size,
    })
  }

  #succeed(fileId: string, result: ConfirmedResult): void {
    const file = this.uppy.getFile(fileId)
    this.#multipart.delete(fileId)
    this.#progressSentAt.delete(fileId)
    if (!file) return
    const body = { key: result.key, location: result.location }
    this.uppy.emit('upload-success', file, {
      status: 200,
      body: result.serverData === undefined ? body : { ...body, serverData: result.serverData },
      uploadURL: result.location,
    })
  }

  #waitForResume(fileId: string): Promise<void> {
    return new Promise((resolve) => this.#resumeWaiters.set(fileId, resolve))
  }

  #wake(fileId: string): void {
    const wake = this.#resumeWaiters.get(fileId)
    this.#resumeWaiters.delete(fileId)
    wake?.()
  }

  #onPause = (file: AnyFile | undefined, isPaused: boolean): void => {
    if (!file) return
    if (isPaused) this.#running.get(file.id)?.abort(PAUSED)
    else this.#wake(file.id)
  }

  #onPauseAll = (): void => {
    for (const controller of this.#running.values()) controller.abort(PAUSED)
  }

  #onResumeAll = (): void => {
    for (const fileId of [...this.#resumeWaiters.keys()]) this.#wake(fileId)
  }

  #onRemoved = (file: AnyFile): void => {
    this.#progressSentAt.delete(file.id)
    this.#running.get(file.id)?.abort(CANCELLED)
    this.#putHashes.drop(file.id)
    this.#wake(file.id)
    this.#forgetUpload(file)
  }

  /** Forgets what a retry of `file` would go on from, aborting its multipart upload in the store. */
  #forgetUpload(file: AnyFile): void {
    const ref = this.#multipart.get(file.id)?.ref
    this.#multipart.delete(file.id)
    this.opts.context.cache.forget(file.id, ref?.uploadId)
    if (!ref) return
    this.#abortInStore(ref)
    this.opts.resumeStore?.delete(this.opts.fingerprint(file.data as Blob))
  }

  #abortInStore(ref: { key: string; uploadId: string }): void {
    abortMultipart(this.opts.context, ref, new AbortController().signal).catch((error: unknown) =>
      this.uppy.log(`Could not abort multipart upload ${ref.uploadId}: ${String(error)}`, 'warning'),
    )
  }
}
