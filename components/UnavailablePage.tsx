import { PageHead } from './PageHead';
import { SiteFrame } from './SiteFrame';
import { StatusMessage } from './StatusMessage';

/** Shown with status 503 while the note store cannot answer. */
export function UnavailablePage({ siteName, lang }: { siteName: string; lang: string }) {
  const zh = lang.startsWith('zh');
  return (
    <SiteFrame siteName={siteName}>
      <PageHead title={zh ? '暂时无法访问' : 'Temporarily unavailable'} robots="noindex" />
      <StatusMessage
        heading={zh ? '笔记服务暂时无法访问' : 'The note service is temporarily unavailable'}
        message={zh ? '请稍后刷新重试。' : 'Please try again in a moment.'}
        homeLabel={zh ? '返回首页' : 'Go to the home page'}
      />
    </SiteFrame>
  );
}
