// The renderer's one door to zod: the form dialogs (Create / Edit link, the
// media editor) validate with the core's own schemas, imported from here and
// nowhere else. The dialogs are loaded on demand (React.lazy), so zod stays out
// of the first window; zodConfig comes first so that jitless is set before
// schemas.ts creates a schema (ES modules run in import order).
// test/renderer/zodJitless.test.tsx checks both.
import './zodConfig';

export { clicks, days, linkName, mediaTitle, scheduleSchema } from '../src-main/api/schemas';
