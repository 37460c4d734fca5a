// Process: main. The Electron entry point. Everything it does is the explicit
// sequence in lifecycle.ts; this file only starts it. The only folder that
// imports electron is src-main/electron.
import { runApp } from './lifecycle';

runApp();
