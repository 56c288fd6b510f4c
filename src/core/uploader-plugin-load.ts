import { uploaderNotLoaded } from './uploader-not-loaded.js'

/**
 * The lazily loaded uploader plugin of one Uppy (install-uploader.ts). `upload()` waits for it,
 * and Uppy ignores `pauseResume` until it sets `capabilities.resumableUploads`. A failed load
 * (offline, or a redeploy removed the chunk) is not kept: the next `ready()` (an upload, a Retry)
 * fetches the chunk again, as `LazyUploadController` does for the controller's own code.
 */
export class UploaderPluginLoad {
  #install: (() => Promise<void>) | undefined
  #attempt: Promise<void> | undefined
  #installed = false

  /** Starts the first load. Throws at once if the options cannot make a plugin (no endpoint). */
  start(install: () => Promise<void>): void {
    this.#install = install
    void this.ready()
  }

  /**
   * Runs `action` once the plugin is in place, in the same task if it is. Uppy's `pauseResume` does
   * nothing until a plugin sets `capabilities.resumableUploads`: a file brought back from the last
   * visit can be on screen first, and a Resume (or picking it again) in that window was lost,
   * leaving it "Paused: resume?" for good (seen in CI's reload e2e).
   */
  whenInstalled(action: () => void): void {
    if (this.#installed) return action()
    // The chunk did not load: upload() reports it; there is no upload to pause or resume.
    this.ready().then(action, () => {})
  }

  /** Settles once the plugin is installed; rejects with `UPLOADER_NOT_LOADED` if its chunk did not load. */
  ready(): Promise<void> {
    if (this.#attempt) return this.#attempt
    if (!this.#install) return Promise.resolve()
    const attempt = this.#install().then(
      () => {
        this.#installed = true
      },
      (cause: unknown) => {
        this.#attempt = undefined
        throw uploaderNotLoaded(cause)
      },
    )
    // Whoever waits reports the failure; a controller that never uploads (autoUpload off, or
    // destroyed before the chunk arrived) must not leave an unhandled rejection behind.
    attempt.catch(() => {})
    this.#attempt = attempt
    return attempt
  }
}
