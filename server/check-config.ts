/**
 * Loads the configuration and nothing else, so a bad setting is reported before anything listens:
 * importing lib/config.ts validates every variable and throws a ConfigError naming the first bad
 * one. `npm start` loads this file before it builds or starts the server; `npm run package`
 * bundles it as check-config.js, which runtime/app-server.js loads first in the function.
 */
import { config } from '../lib/config';

export const checkedConfig = config;
