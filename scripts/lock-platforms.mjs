// The package registry reachable here serves only Linux builds of platform-specific packages, so npm leaves the
// other platforms' optional packages out of package-lock.json, and `npm ci` then refuses the lock as out of
// sync. This adds an entry for each missing optional package, with the os/cpu/libc its name declares, so npm ci
// accepts the lock and skips them on this platform as it would with a complete lock. Run after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["darwin", "win32", "linux", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPU = ["x64", "arm64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "mips64el", "wasm32", "x86"];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.filter((p) => OS.includes(p));
  const cpu = parts.filter((p) => CPU.includes(p)).map((c) => (c === "x86" ? "ia32" : c));
  const libc = parts.includes("musl") ? ["musl"] : parts.some((p) => p === "gnu" || p === "gnueabihf") ? ["glibc"] : undefined;
  if (parts.includes("wasi") && !cpu.length) cpu.push("wasm32");
  // a build for an unnamed platform: none this registry serves, hence never this machine's
  if (!os.length && !cpu.length) return { cpu: ["!x64"] };
  return { ...(os.length ? { os } : {}), ...(cpu.length ? { cpu } : {}), ...(libc ? { libc } : {}) };
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? path + "/" : ""}node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    const version = String(spec).replace(/^[\^~=]/, "");
    packages[`node_modules/${dep}`] = { version, optional: true, ...platformOf(dep) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: ${added} platform packages of other platforms recorded`);
