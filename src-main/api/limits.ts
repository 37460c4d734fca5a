// The operations' numeric limits, without zod: the renderer's first window
// (store.ts) needs the page sizes, and importing schemas.ts would bring zod
// into it. schemas.ts re-exports these, so its other importers are unchanged.

export const MAX_CLICKS = 1_000_000;
export const MAX_DAYS = 3650;
/** The most media entries one media.list call returns when asked for a page. */
export const MAX_PAGE = 1000;

/** The most participants one participants.page call returns. */
export const MAX_PARTICIPANT_PAGE = 500;
