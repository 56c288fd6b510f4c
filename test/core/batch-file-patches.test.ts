import Uppy, { type Body, type Meta } from '@uppy/core'
import { expect, it } from 'vitest'
import { batchFilePatches } from '../../src/core/batch-file-patches.js'

function uppyWith(count: number, batched = true) {
  const uppy = new Uppy<Meta, Body>()
  if (batched) batchFilePatches(uppy)
  const ids = Array.from({ length: count }, (_, index) => uppy.addFile({ name: `f${index}.txt`, data: new Blob([`file ${index}`]), type: 'text/plain' }))
  const maps = new Set<object>()
  uppy.store.subscribe((_previous, next) => maps.add(next.files))
  return { uppy, ids, maps }
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

it('copies the files map once for every patch of a burst, not once per patch', () => {
  const stock = uppyWith(50, false)
  for (const id of stock.ids) stock.uppy.setFileState(id, { isPaused: true })
  expect(stock.maps.size).toBe(50) // Uppy's own: a copy of the whole map per patch (transloadit/uppy#4402)

  const { uppy, ids, maps } = uppyWith(50)
  for (const id of ids) uppy.setFileState(id, { isPaused: true })
  expect(maps.size).toBe(1)
  expect(uppy.getFiles().every((file) => file.isPaused)).toBe(true)
})

it('hands later tasks a new map, and never changes a map a task has read, nor a file object', async () => {
  const { uppy, ids } = uppyWith(3)
  uppy.setFileState(ids[0]!, { isPaused: true })
  const seen = uppy.getState().files
  const file = uppy.getFile(ids[1]!)
  await nextTask()
  uppy.setFileState(ids[1]!, { isPaused: true })
  expect(uppy.getState().files).not.toBe(seen)
  expect(seen[ids[1]!]!.isPaused).toBeFalsy()
  expect(file.isPaused).toBeFalsy()
  expect(uppy.getFile(ids[1]!).isPaused).toBe(true)
})

it('keeps a removal made within the burst: the next patch starts from the map without the file', () => {
  const { uppy, ids } = uppyWith(3)
  uppy.setFileState(ids[0]!, { isPaused: true })
  uppy.removeFile(ids[1]!)
  uppy.setFileState(ids[2]!, { isPaused: true })
  expect(Object.keys(uppy.getState().files)).toEqual([ids[0], ids[2]])
  expect(uppy.getFile(ids[0]!).isPaused).toBe(true)
  expect(uppy.getFile(ids[2]!).isPaused).toBe(true)
})

it('reports each success to Uppy as before: progress complete, response and upload URL on the file', async () => {
  const { uppy, ids } = uppyWith(2)
  for (const id of ids) uppy.emit('upload-success', uppy.getFile(id), { status: 200, body: {}, uploadURL: `https://s3.test/${id}` })
  for (const id of ids) {
    const file = uppy.getFile(id)
    expect(file.progress.uploadComplete).toBe(true)
    expect(file.uploadURL).toBe(`https://s3.test/${id}`)
  }
})
