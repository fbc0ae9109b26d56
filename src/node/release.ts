/**
 * Releasing a block of bytes now instead of at the next garbage collection. A batch's main thread
 * receives each chunk's report bytes from a worker (moved, not copied) and allocates little else,
 * so its collector runs rarely: bytes already written would stay in memory, tens of MB of them,
 * until V8's limit for memory outside its heap (64 MB) forces a collection.
 */
import { MessageChannel } from "node:worker_threads";

/**
 * A port whose channel is closed. A message posted on it is dropped, and the `ArrayBuffer`s in
 * its transfer list are detached first: their memory is freed at once.
 */
let closed: MessageChannel["port1"] | undefined;

/**
 * Frees the memory of `bytes`' whole `ArrayBuffer` now: the buffer is detached (transferred in a
 * message that is then dropped), so it, `bytes` and every other view of it have length 0 from
 * then on. Only for bytes no one reads again; a buffer that cannot be transferred (a
 * `SharedArrayBuffer`, or one already detached) is left as it is.
 *
 * @example
 * const bytes = new Uint8Array(64 * 1024 * 1024);
 * releaseBytes(bytes);
 * bytes.byteLength //=> 0
 */
export function releaseBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  if (closed === undefined) {
    const channel = new MessageChannel();
    channel.port1.close();
    channel.port2.close();
    closed = channel.port1;
  }
  try {
    closed.postMessage(null, [buffer]);
  } catch {
    // not transferable (Node 21 and later throw for a buffer of Node's shared pool): left as it is
  }
}
