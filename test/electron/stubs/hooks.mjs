// Module resolve hook: 'electron' becomes the stub next to this file (toolchain.md §6).
const STUB_URL = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STUB_URL, shortCircuit: true };
  return nextResolve(specifier, context);
}
