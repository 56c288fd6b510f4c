// The raw loop's and stock Uppy's page: a plain file input, labelled like the
// widget's, whose files go straight to the contender's upload function.
import { failed, landed } from './record.js'

export function mountPlainInput(root: HTMLElement, upload: (files: File[]) => Promise<void>): void {
  const input = document.createElement('input')
  input.type = 'file'
  input.multiple = true
  input.setAttribute('aria-label', 'Files to upload')
  input.addEventListener('change', () => {
    const files = Array.from(input.files ?? [])
    upload(files).then(() => landed(files.length), (error: unknown) => failed(String(error)))
  })
  root.append(input)
}
