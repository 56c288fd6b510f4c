/** A ```ts or ```tsx block of README.md. */
export interface CodeBlock {
  /** 1-based line of the opening fence, so line N of `code` is README line `fenceLine + N`. */
  fenceLine: number
  lang: 'ts' | 'tsx'
  code: string
  /** Set when an `<!-- not-compiled: why -->` comment stands right before the fence. */
  notCompiled?: string
}

const FENCE = /^```(ts|tsx)\s*$/
const NOT_COMPILED = /^<!--\s*not-compiled(?::\s*(.*?))?\s*-->$/

/** Every ts/tsx block of a Markdown text, in order. */
export function readmeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '')
    if (open === null) continue
    const end = lines.findIndex((line, at) => at > index && line.startsWith('```'))
    if (end === -1) throw new Error(`README.md:${index + 1}: the code block never closes`)
    const before = lines.slice(0, index).reverse().find((line) => line.trim() !== '') ?? ''
    const marker = NOT_COMPILED.exec(before.trim())
    blocks.push({
      fenceLine: index + 1,
      lang: open[1] as 'ts' | 'tsx',
      code: lines.slice(index + 1, end).join('\n'),
      ...(marker === null ? {} : { notCompiled: marker[1] ?? 'no reason given' }),
    })
    index = end
  }
  return blocks
}
