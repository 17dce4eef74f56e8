/**
 * The environment a cold start is measured in: what SCF gives a function, not the developer's shell.
 * A shell may carry NODE_EXTRA_CA_CERTS (Node then reads and parses a CA bundle at every start:
 * ~50 ms of CPU on the bench machine, which SCF never pays), NODE_OPTIONS, a long PATH and the like.
 * SCF starts `scf_bootstrap` with its built-in variables (doc 583/32748) and the function's own
 * configured ones, nothing else; the floor and every function row get the same.
 */
import { dirname, join, resolve } from 'node:path';

/** SCF's code folder (/var/user on SCF) is the package's folder here. */
export function scfEnvironment(codeDir: string, functionVars: Record<string, string>): Record<string, string> {
  const code = resolve(codeDir);
  const runtimeModules = join(dirname(dirname(process.execPath)), 'lib', 'node_modules');
  return {
    // The image's basics, as test/scf/run-package.ts runs a package (SCF does not document them).
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: '/tmp',
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    // SCF's built-in variables (doc 583/32748), with this machine's folders for /var/user and
    // /var/lang/node20. The temporary credentials (TENCENTCLOUD_SECRETID…) exist only with a role.
    TENCENTCLOUD_RUNENV: 'SCF',
    USER_CODE_ROOT: `${code}/`,
    NODE_PATH: [code, join(code, 'node_modules'), runtimeModules, '/opt', '/opt/node_modules'].join(':'),
    _SCF_SERVER_PORT: '28902',
    ...functionVars,
  };
}
