// The README's setup file for MSW 2: msw 2 reads a request body its own way and loses jsdom's Blob (a PUT
// arrives as "undefined"); Node's Blob and File survive.
import { Blob, File } from 'node:buffer'

globalThis.Blob = Blob as unknown as typeof globalThis.Blob
globalThis.File = File as unknown as typeof globalThis.File
