// Imported first by main.tsx. zod compiles a fast path for object schemas
// with `new Function`, after probing whether eval is allowed. The renderer's
// CSP forbids eval, so the probe only produced CSP violation reports; jitless
// skips it. It must run before any schema is created (zod decides at creation).
import { z } from 'zod';

z.config({ jitless: true });
