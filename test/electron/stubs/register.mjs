// node --import ./test/electron/stubs/register.mjs …: maps 'electron' to the stub.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
