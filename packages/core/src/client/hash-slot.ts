/** CRC16/XMODEM, the checksum Redis Cluster uses for key slots. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/**
 * The `{tag}` of a key, when it has a non-empty one: only it is hashed.
 *
 * @example
 * ```ts
 * hashTag('{orders}:42'); // 'orders'
 * hashTag('orders:42'); // undefined
 * hashTag('{}:42'); // undefined: an empty tag does not count
 * ```
 * @category Clients
 */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open === -1) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return undefined;
  return key.slice(open + 1, close);
}

/**
 * The Redis Cluster slot (0..16383) of a key.
 *
 * @example
 * ```ts
 * hashSlot('foo'); // 12182, as CLUSTER KEYSLOT foo
 * hashSlot('{orders}:1') === hashSlot('{orders}:2'); // true: only `orders` is hashed
 * ```
 * @category Clients
 */
export function hashSlot(key: string): number {
  return crc16(new TextEncoder().encode(hashTag(key) ?? key)) % 16384;
}
