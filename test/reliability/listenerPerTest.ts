// A fresh core and a real listener on 127.0.0.1 for each test of a file (the
// HTTP reliability tests' setup). Kept out of helpers.ts, which the benches
// import outside vitest.
import { afterEach, beforeEach } from 'vitest';
import type { Core } from '../../src-main/core';
import { createListener, type Listener } from '../../src-main/listener/index';
import { tmpCore } from '../helpers/tmp';

/** Started before each test, closed after it; read `core` and `listener` inside the tests. */
export function listenerPerTest(): { readonly core: Core; readonly listener: Listener } {
  let core: Core | undefined;
  let listener: Listener | undefined;
  beforeEach(async () => {
    core = tmpCore();
    listener = await createListener({ core, host: '127.0.0.1', port: 0, heartbeatMs: 60_000 });
  });
  afterEach(async () => {
    await listener?.close();
    core?.close();
  });
  return {
    get core() {
      return core!;
    },
    get listener() {
      return listener!;
    },
  };
}
