// L3: the listener's status is always visible.
import { bridge } from '../bridge';
import { useStore } from '../store';

export function StatusBar() {
  const status = useStore((s) => s.listener);
  const setListener = useStore((s) => s.setListener);
  const toast = useStore((s) => s.toast);

  async function nextPort() {
    const r = await bridge().listener.useNextFreePort();
    if (r.ok) setListener(r.value);
    else toast(r.error.message, 'error');
  }

  let text = 'Guest listener: checking…';
  let tone = 'idle';
  if (status) {
    switch (status.state) {
      case 'running':
        text = `Guest listener: Running on ${status.url ?? `${status.host}:${status.port}`}`;
        tone = 'ok';
        break;
      case 'starting':
        text = `Guest listener: starting on ${status.host}:${status.port}…`;
        break;
      case 'stopped':
        text = 'Guest listener: stopped';
        break;
      case 'error':
        text = `Guest listener: ${status.error?.message ?? 'not running'}${status.error?.code === 'PORT_IN_USE' ? ` (port ${status.port})` : ''}`;
        tone = 'error';
        break;
    }
  }
  return (
    <footer className={`statusbar statusbar-${tone}`}>
      <span className="status-dot" aria-hidden="true" />
      <span role="status">{text}</span>
      {status?.state === 'error' && status.nextFreePort !== null ? (
        <button type="button" className="button small" onClick={() => void nextPort()}>
          Use next free port ({status.nextFreePort})
        </button>
      ) : null}
    </footer>
  );
}
