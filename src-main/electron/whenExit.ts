// Process: main (pure). Stands in for the `when-exit` package in the main
// bundle (electron.vite.config.ts aliases it here). conf → atomically use it
// to delete temp files at exit; the package also hooks SIGINT, SIGTERM,
// SIGHUP, SIGQUIT and more when the bundle loads and re-raises the signal, so
// Ctrl+C or a logout would kill the app before `before-quit`: the listener
// not drained, buffered view counts lost. This version runs the callbacks at
// exit and leaves the signals to lifecycle.ts, which quits cleanly.
type Callback = () => void;

const callbacks = new Set<Callback>();
let hooked = false;

function runAll(): void {
  for (const cb of callbacks) {
    try {
      cb();
    } catch {
      // A cleanup callback must not stop the others or the exit.
    }
  }
}

export default function whenExit(callback: Callback): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', runAll);
  }
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
  };
}
