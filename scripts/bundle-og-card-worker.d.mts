// Types of scripts/bundle-og-card-worker.mjs, for the tests that import it.
export declare function bundleOgCardWorker(root: string, outDir: string, target?: string): Promise<number>;
