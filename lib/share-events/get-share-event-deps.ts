import { getUrlPurger } from '../cdn/get-url-purger';
import { config, type Config } from '../config';
import { WebhookVerifier } from '../http/verify-webhook';
import { getSearchNotifier } from '../seo/get-search-notifier';
import { getNoteStore } from '../notes/get-note-store';
import type { PurgeSite } from './affected-urls';
import type { ShareEventDeps } from './handle-share-events';

let deps: ShareEventDeps | null = null;

/** Production wiring of the webhook. Memoised: the verifier's replay memory must outlive a request. */
export function getShareEventDeps(cfg: Config = config): ShareEventDeps {
  deps ??= {
    verifier: cfg.webhookSecret ? new WebhookVerifier({ secret: cfg.webhookSecret }) : null,
    getStore: () => getNoteStore(cfg),
    purger: getUrlPurger(cfg),
    notifier: getSearchNotifier(cfg),
    site: purgeSite(cfg),
    isProduction: cfg.deployEnv === 'production',
  };
  return deps;
}

/** The site's URLs as the purge list names them (the publishing CLI purges the same ones). */
export function purgeSite(cfg: Config = config): PurgeSite {
  return { siteUrl: cfg.siteUrl, resourceBaseUrl: cfg.resourceBaseUrl, notebookPageSize: cfg.notebookPageSize, sitemapShardSize: cfg.sitemapShardSize };
}
