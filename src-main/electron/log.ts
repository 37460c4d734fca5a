// Process: main (pure). A logger named after its module.
export function logger(module: string) {
  const tag = `[guestlist:${module}]`;
  return {
    info: (...a: unknown[]) => console.log(tag, ...a),
    warn: (...a: unknown[]) => console.warn(tag, ...a),
    error: (...a: unknown[]) => console.error(tag, ...a),
  };
}
