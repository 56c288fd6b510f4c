// The formatters live in core so restriction messages and the UI agree; re-exported for the React entry.
export { formatBytes, formatBytesPerSecond } from '../core/format-bytes.js'
