// esbuild options every command-line bundle shares: scripts/bundle.mjs (dist/cli/) and scripts/sea.mjs (the binary).
// import() becomes require(): no trip through the ESM loader.
export const cliCommon = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  logLevel: 'warning',
  supported: { 'dynamic-import': false },
};

// A command's bundle is one function expression, Node's CommonJS wrapper, which compile-cache.ts's loadBundle compiles
// and calls; the head is a line of its own, so stack traces keep the file's own line numbers.
export const BUNDLE_HEAD = '(function (exports, require, module, __filename, __dirname) {';
export const BUNDLE_TAIL = '})';
