// Types of scripts/resvg-binary.mjs, for the tests that import it.
export declare const SCF_RESVG_TARGET: string;
export declare function targetFolder(root: string, target: string): string;
export declare class ResvgTargetError extends Error {}
export declare function hostResvgTarget(): string;
export declare function describeBinary(bytes: Buffer): { format: 'elf' | 'mach-o' | 'pe' | 'unknown'; cpu: string };
export declare function resolveResvg(root: string, target?: string): { modules: string; target: string };
export declare function copyResvg(root: string, outDir: string, target?: string): void;
