import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'

type AnyUppy = Uppy<Meta, Body>
type Files = Record<string, UppyFile<Meta, Body>>

/**
 * Makes `uppy.patchFilesState` (under `setFileState`, and Uppy's own handlers of every
 * success, progress and start) cost what it changes instead of the whole files map.
 *
 * @uppy/core 6.3 copies the map on every patch, so n files uploaded took n² steps: 41 of
 * 93 s of main thread for 10,000 files (bench/widget.mjs, BENCH_PROFILE=1), and most of
 * the growth past linear at 2000 (transloadit/uppy#4402, open as of 2026-12). Here the
 * first patch of a burst of microtasks copies the map as Uppy would, and later patches of
 * the same burst write into that copy, which is already the state's. The burst ends before
 * the next task, so a render, a timer or an event handler never sees the map change after
 * it has read it; only listeners inside the burst see one map for several patches. A
 * `setState({ files })` of someone else meanwhile (a removal) starts a new copy. A file's
 * own object is never changed: each patched file is a new object, as in Uppy.
 */
export function batchFilePatches(uppy: AnyUppy): void {
  let draft: Files | undefined
  const close = () => {
    draft = undefined
  }
  uppy.patchFilesState = (patches) => {
    const current = uppy.getState().files as Files
    let files = current
    if (current !== draft) {
      files = draft = { ...current }
      queueMicrotask(close)
    }
    for (const id in patches) files[id] = { ...files[id], ...patches[id] } as UppyFile<Meta, Body>
    uppy.setState({ files })
  }
}
