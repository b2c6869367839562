/**
 * Byte-level UTF-8 helpers for streaming: where a chunk's last complete character ends,
 * and where the first invalid byte is. Pure functions over buffers.
 */

/** Bytes a UTF-8 sequence has, from its lead byte; 0 for a continuation or invalid lead. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/**
 * The length of the longest prefix of `bytes` that does not end inside a multi-byte
 * character; the rest (at most 3 bytes) belongs with the next chunk.
 */
export function completePrefixLength(bytes: Uint8Array): number {
  const end = bytes.length;
  // A character is at most 4 bytes, so its lead byte is within the last 4.
  for (let back = 1; back <= Math.min(4, end); back++) {
    const byte = bytes[end - back] ?? 0;
    if (isContinuation(byte)) continue;
    const length = sequenceLength(byte);
    // An invalid lead is left in place for the validator to report.
    return length > back ? end - back : end;
  }
  return end;
}

/** Index of the first byte that is not part of valid UTF-8, or -1 when all of it is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const length = sequenceLength(lead);
    if (length === 0) return index;
    if (length === 1) {
      index++;
      continue;
    }
    if (index + length > bytes.length) return index;
    const second = bytes[index + 1] ?? 0;
    // Overlong forms and surrogates are excluded by narrowing the second byte's range.
    if (lead === 0xe0 && second < 0xa0) return index;
    if (lead === 0xed && second > 0x9f) return index;
    if (lead === 0xf0 && second < 0x90) return index;
    if (lead === 0xf4 && second > 0x8f) return index;
    for (let offset = 1; offset < length; offset++) {
      if (!isContinuation(bytes[index + offset])) return index;
    }
    index += length;
  }
  return -1;
}

/** Number of `\n` bytes in `bytes[0, end)`. */
export function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  for (let index = bytes.indexOf(10); index !== -1 && index < end; index = bytes.indexOf(10, index + 1)) count++;
  return count;
}
