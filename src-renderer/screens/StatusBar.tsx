// L3: the listener's status is always visible; so is a restart of the host
// process that runs it (the data and the listener live there, not in main).
import { bridge } from '../bridge';
import { errorText, useT } from '../i18n';
import { useStore } from '../store';

export function StatusBar() {
  const status = useStore((s) => s.listener);
  const host = useStore((s) => s.host);
  const setListener = useStore((s) => s.setListener);
  const toast = useStore((s) => s.toast);
  const t = useT();

  async function checkNow() {
    setListener(await bridge().listener.checkReach());
  }

  async function nextPort() {
    const r = await bridge().listener.useNextFreePort();
    if (r.ok) setListener(r.value);
    else toast(errorText(r.error, t), 'error');
  }

  let text = t('status.checking');
  let tone = 'idle';
  if (status) {
    switch (status.state) {
      case 'running':
        text = t('status.running', { address: status.url ?? `${status.host}:${status.port}` });
        tone = 'ok';
        // L4: whether the links reach it, from the last check.
        if (!status.reach) text += ` · ${t('status.reachChecking')}`;
        else if (status.reach.code === 'OK') text += ` · ${t(status.reach.scope === 'network' ? 'status.reachNetwork' : 'status.reachOk')}`;
        else if (status.reach.code === 'LOOPBACK_ONLY') {
          text += ` · ${t('status.reachLoopback')}`;
          tone = 'warn';
        } else {
          text += ` · ${t('status.reachFailed', { code: status.reach.code })}`;
          tone = 'error';
        }
        break;
      case 'starting':
        text = t('status.starting', { address: `${status.host}:${status.port}` });
        break;
      case 'stopped':
        text = t('status.stopped');
        break;
      case 'error': {
        const message = status.error ? errorText(status.error, t) : t('status.notRunning');
        text = status.error?.code === 'PORT_IN_USE' ? t('status.errorPort', { message, port: status.port }) : t('status.error', { message });
        tone = 'error';
        break;
      }
    }
  }
  // The host died and is being restarted, or gave up: that is what the user needs to know first.
  if (host?.state === 'restarting') {
    text = t('status.hostRestarting');
    tone = 'warn';
  } else if (host?.state === 'stopped') {
    text = t('status.hostStopped');
    tone = 'error';
  } else if (host && host.restarts > 0 && status?.state === 'running') {
    text += ` · ${t('status.hostRestarted')}`;
  }
  return (
    <footer className={`statusbar statusbar-${tone}`}>
      <span className="status-dot" aria-hidden="true" />
      <span role="status">{text}</span>
      {status?.state === 'running' ? (
        <button type="button" className="button small" onClick={() => void checkNow()} title={status.reach?.message}>
          {t('status.checkNow')}
        </button>
      ) : null}
      {status?.state === 'error' && status.nextFreePort !== null ? (
        <button type="button" className="button small" onClick={() => void nextPort()}>
          {t('status.nextPort', { port: status.nextFreePort })}
        </button>
      ) : null}
    </footer>
  );
}
