// Types of electron-runtime.mjs, for the tests that share its lookup.
/** The `electron` package's folder in node_modules. */
export declare const ELECTRON_PACKAGE: string;
/** The runtime `electron .` starts (ELECTRON_OVERRIDE_DIST_PATH when set, else node_modules/electron/dist), if there. */
export declare function electronExecutable(env?: NodeJS.ProcessEnv, electronPackage?: string): string | undefined;
/** The pinned Electron version, from the installed `electron` package. */
export declare function electronVersion(electronPackage?: string): string | undefined;
