// Releasing bytes now: the whole ArrayBuffer is detached and its memory freed at once, without a
// garbage collection; what cannot be transferred is left alone.
import { describe, expect, test } from "vitest";
import { releaseBytes } from "../../src/node/release.js";

const MiB = 1024 * 1024;

describe("releaseBytes", () => {
  test("frees 64 MiB at once: the buffer and every view of it have length 0, and Node's count of ArrayBuffer memory drops by the 64 MiB", () => {
    const bytes = new Uint8Array(64 * MiB).fill(7);
    const view = Buffer.from(bytes.buffer, 10, 100);
    const before = process.memoryUsage().arrayBuffers;
    releaseBytes(bytes.subarray(5, 6)); // a view of part of it releases the whole buffer
    const after = process.memoryUsage().arrayBuffers;
    expect(bytes.byteLength).toBe(0);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(view.length).toBe(0);
    expect(before - after).toBeGreaterThanOrEqual(64 * MiB);
  });

  test("bytes released twice, empty bytes, and bytes over a SharedArrayBuffer are left as they are", () => {
    const bytes = new Uint8Array(16);
    releaseBytes(bytes);
    expect(() => releaseBytes(bytes)).not.toThrow();
    expect(() => releaseBytes(new Uint8Array(0))).not.toThrow();
    const shared = new Uint8Array(new SharedArrayBuffer(8)).fill(3);
    releaseBytes(shared);
    expect([...shared]).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
  });
});
