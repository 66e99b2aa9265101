// Inspection lives in core, shared with `Locker.inspect()`; Redlock's modules import it here.
export { inspectNodes, inspectScript, tokenDigest, type NodeHolding } from '@redquorum/core';
