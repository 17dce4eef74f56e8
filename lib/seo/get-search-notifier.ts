import { config, type Config } from '../config';
import { SearchNotifier } from './search-notify';

let notifier: SearchNotifier | null = null;

/** The process-wide notifier; disabled outside production so previews never ping search engines. */
export function getSearchNotifier(cfg: Config = config): SearchNotifier {
  const isProduction = cfg.deployEnv === 'production';
  notifier ??= new SearchNotifier({
    indexNow: isProduction && cfg.indexNowKey ? { endpoint: cfg.indexNowEndpoint, key: cfg.indexNowKey, siteUrl: cfg.siteUrl } : null,
    baidu: isProduction && cfg.baiduPushToken ? { endpoint: cfg.baiduPushEndpoint, token: cfg.baiduPushToken, siteUrl: cfg.siteUrl } : null,
  });
  return notifier;
}
