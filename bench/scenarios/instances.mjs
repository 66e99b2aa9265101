// Creates one instance of every contender for a scenario and closes them all afterwards.

/** Runs `body(instances)` with a Map of contender id → instance; always closes them. */
export async function withInstances(ctx, contenders, body) {
  const instances = new Map();
  try {
    for (const contender of contenders) {
      instances.set(contender.id, await contender.create(ctx.urls, ctx.options));
    }
    return await body(instances);
  } finally {
    await Promise.all([...instances.values()].map((instance) => instance.close()));
  }
}
