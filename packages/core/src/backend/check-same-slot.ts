/**
 * A cluster runs a multi-key script only when every key lives in one hash slot.
 * @example
 * ```ts
 * checkSameSlot(['{orders}:1', '{orders}:2'], hashSlot); // fine: one slot
 * checkSameSlot(['orders:1', 'orders:2'], hashSlot); // throws a RangeError
 * ```
 * @throws RangeError naming the keys and suggesting a hash tag.
 * @category Backend contract
 */
export function checkSameSlot(keys: readonly string[], slotOf: (key: string) => number): void {
  if (keys.length < 2) return;
  const first = slotOf(keys[0]!);
  const other = keys.find((key) => slotOf(key) !== first);
  if (other === undefined) return;
  throw new RangeError(
    `resources must share one hash slot on a Redis Cluster: keys ${JSON.stringify(keys[0])} ` +
      `and ${JSON.stringify(other)} do not. Give the resources a common hash tag, ` +
      `e.g. '{orders}:1' and '{orders}:2'.`,
  );
}
