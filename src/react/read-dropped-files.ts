/**
 * The files of a drop, folders included where the browser exposes them
 * (`DataTransferItem.webkitGetAsEntry`, in every current engine). Entries must
 * be taken synchronously inside the drop event; reading them is async.
 */
export async function readDroppedFiles(dataTransfer: DataTransfer): Promise<File[]> {
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file')
  const entries = items.map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null))
  if (entries.length === 0 || entries.some((entry) => entry === null)) return Array.from(dataTransfer.files)
  const nested = await Promise.all(entries.map((entry) => readEntry(entry!)))
  return nested.flat()
}

async function readEntry(entry: FileSystemEntry): Promise<File[]> {
  if (isFile(entry)) return [await new Promise<File>((resolve, reject) => entry.file(resolve, reject))]
  if (!isDirectory(entry)) return []
  const children = await readAllEntries(entry.createReader())
  return (await Promise.all(children.map(readEntry))).flat()
}

/** `readEntries` returns at most ~100 entries per call: call it until it returns none. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = []
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (batch.length === 0) return all
    all.push(...batch)
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory
}
