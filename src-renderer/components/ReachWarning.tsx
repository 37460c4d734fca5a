// L4: next to every link a moderator can copy or show (Share, Copy, QR, Manage
// guest access): a warning whenever links open on this computer only or the
// last reach check failed, so nobody hands out a dead link without seeing why.
import type { ListenerStatus, ReachResult } from '../../src-main/api/bridge';
import { useT } from '../i18n';
import { useStore } from '../store';

type Problem = Exclude<ReachResult['code'], 'OK'>;

/** What is wrong with the links right now, or null when they reach this listener (or the check hasn't answered yet). */
export function reachProblem(status: ListenerStatus | null): { code: Problem; address: string } | null {
  if (!status) return null;
  if (status.state === 'error' || status.state === 'stopped') return { code: 'NO_LISTENER', address: '' };
  const reach = status.reach;
  if (status.state !== 'running' || !reach || reach.code === 'OK') return null;
  let address = reach.baseUrl;
  try {
    address = new URL(reach.baseUrl).host;
  } catch {
    /* keep the URL as it is */
  }
  return { code: reach.code, address };
}

export function ReachWarning() {
  const problem = reachProblem(useStore((s) => s.listener));
  const t = useT();
  if (!problem) return null;
  return (
    <p className="notice reach-warning" role="note" data-reach={problem.code}>
      {t(`reach.${problem.code}`, { address: problem.address })}
    </p>
  );
}
