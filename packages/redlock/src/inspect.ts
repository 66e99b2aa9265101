// Inspection lives in core, shared with `Locker.inspect()`; Redlock's modules import it here.
export { tokenDigest, type NodeHolding } from '@redquorum/core';
export { inspectNodes, inspectScript } from '@redquorum/core/backend';
