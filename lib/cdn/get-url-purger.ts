import { config, type Config } from '../config';
import { NoopUrlPurger, TencentCdnPurger, type UrlPurger } from './purge-urls';

let purger: UrlPurger | null = null;

/** The process-wide purger (one keep-alive connection per instance); a no-op unless both credentials are set. */
export function getUrlPurger(cfg: Config = config): UrlPurger {
  purger ??= cfg.tencentSecretId && cfg.tencentSecretKey
    ? new TencentCdnPurger({ secretId: cfg.tencentSecretId, secretKey: cfg.tencentSecretKey, endpoint: cfg.cdnApiEndpoint })
    : new NoopUrlPurger();
  return purger;
}
