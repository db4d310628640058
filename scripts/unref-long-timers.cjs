// Preloaded into every Prisma CLI run: the wasm schema engine leaves long timers behind, which keep
// `migrate deploy` alive for 10+ seconds after it has finished. Unref them so the process exits.
const orig = global.setTimeout;
global.setTimeout = function (fn, ms, ...args) {
  const t = orig.call(this, fn, ms, ...args);
  if (ms >= 10000 && t && typeof t.unref === "function") t.unref();
  return t;
};
