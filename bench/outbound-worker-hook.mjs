// Preloaded into instance A (NODE_OPTIONS=--import) by `bench/outbound.ts --worker batch=128,parallel=16`: an
// experiment knob that changes the outbox worker's options (batch, parallel, pollMs) once server.ts has created
// the worker, without editing lib/. Runs with it are written as "-partial" results.
const spec = process.env.PROVISIO_BENCH_WORKER;
if (spec) {
  const wanted = Object.fromEntries(
    spec
      .split(",")
      .map((kv) => kv.split("="))
      .filter(([k, v]) => ["batch", "parallel", "pollMs"].includes(k) && Number(v) > 0)
      .map(([k, v]) => [k, Number(v)]),
  );
  const timer = setInterval(() => {
    const worker = globalThis.__provisioWorker;
    if (!worker) return;
    clearInterval(timer);
    // the lanes are started with the worker: restart it with the new options
    void worker.stop().then(() => {
      worker.options = { ...worker.options, ...wanted };
      worker.start();
      console.error(`[bench] outbox worker options: ${JSON.stringify(worker.options)}`);
    });
  }, 10);
  setTimeout(() => clearInterval(timer), 120_000).unref();
}
