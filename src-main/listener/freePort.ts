// L3: finding a free port. Its own module (no Fastify), so main can offer the
// next free port without loading the listener it no longer runs.
import net from 'node:net';
import { AppError } from '../core/errors';

/** L3: the first port from `fromPort` up that can be bound on `host`. */
export async function findFreePort(host: string, fromPort: number): Promise<number> {
  for (let p = Math.max(1, fromPort); p <= 65535; p++) {
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen({ host, port: p, exclusive: true }, () => s.close(() => resolve(true)));
    });
    if (free) return p;
  }
  throw new AppError('LISTENER_FAILED', `No free port was found on ${host} from ${fromPort} up.`);
}
