/** The byte formatter lives in src/protocol, shared with the server's messages. */
export { formatBytes, formatBytesPerSecond } from '../protocol/format-bytes.js'
