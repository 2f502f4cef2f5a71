// PGlite's CommonJS build loads its WebAssembly with dynamic import(), which jest's module sandbox
// only supports when node runs with --experimental-vm-modules. Without it PGlite kills the whole
// jest process with an unhandled rejection, so suites check first and fail with a plain message.
export const VM_MODULES_FLAG = '--experimental-vm-modules';

export function pgliteUsableUnderJest(): boolean {
  return (process.env.NODE_OPTIONS ?? '').includes(VM_MODULES_FLAG) || process.execArgv.includes(VM_MODULES_FLAG);
}

export function assertPgliteUsableUnderJest(): void {
  if (!pgliteUsableUnderJest()) {
    throw new Error(`PGlite under jest needs NODE_OPTIONS=${VM_MODULES_FLAG} (e.g. NODE_OPTIONS=${VM_MODULES_FLAG} npx jest ...)`);
  }
}
