// esbuild options every command-line bundle shares: scripts/bundle.mjs (dist/cli/) and scripts/sea.mjs (the binary).
// import() becomes require(): no trip through the ESM loader.
export const cliCommon = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  logLevel: 'warning',
  supported: { 'dynamic-import': false },
};
