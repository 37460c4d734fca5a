// Imported first by validation.ts, the renderer's one door to zod (the lazily
// loaded form dialogs use it; the first window has no zod). zod compiles a
// fast path for object schemas with `new Function`, after probing whether eval
// is allowed. The renderer's CSP forbids eval, so the probe only produced CSP
// violation reports; jitless skips it. It must run before any schema is
// created (zod decides at creation), hence its own module, imported first.
import { z } from 'zod';

z.config({ jitless: true });
