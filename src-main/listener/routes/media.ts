// M4: the media file, with range requests, to admitted participants only.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ListenerContext } from '../context';
import { mediaType, parseRange } from '../range';

export async function mediaRoutes(app: FastifyInstance, ctx: ListenerContext): Promise<void> {
  const { liveSession, sendMessage } = ctx;

  app.get('/s/media', async (req, reply) => {
    const s = liveSession(req, reply);
    if (!s) return reply;
    const { media } = s;
    if (media.kind !== 'media' || !media.filePath) return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'NOT_FOUND', '/s');
    let size: number;
    try {
      const st = await fs.promises.stat(media.filePath);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      return sendMessage(req, reply, 404, 'errorHeading', 'notFound', 'MEDIA_FILE_NOT_FOUND', '/s');
    }
    const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, size);
    reply.header('accept-ranges', 'bytes').header('cache-control', 'private, no-store');
    if (range.kind === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${size}`).type('text/plain; charset=utf-8').send('Range Not Satisfiable');
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    reply.type(mediaType(media.filePath)).header('content-length', String(Math.max(0, end - start + 1)));
    if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    if (size === 0) return reply.send('');
    return reply.send(fs.createReadStream(media.filePath, { start, end }));
  });
}
