// Preloaded into the server (NODE_OPTIONS=--import) by `bench/run.ts --profile`: SIGUSR2 starts the V8 CPU
// profiler, the next SIGUSR2 stops it and writes <PROVISIO_BENCH_PROFILE_DIR>/<n>.cpuprofile. Profiling only the
// measured window keeps start-up and warm-up out of the figures; --cpu-prof cannot do that (and Node refuses it
// in NODE_OPTIONS).
import { Session } from "node:inspector";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.PROVISIO_BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let written = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 250 }, () => session.post("Profiler.start")));
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, result) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${++written}.cpuprofile`);
      // written under a temporary name and renamed, so the reader never sees half a file
      writeFileSync(`${file}.part`, JSON.stringify(result.profile));
      renameSync(`${file}.part`, file);
    });
  });
}
