import type { GetStaticProps } from 'next';
import { PageHead } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusMessage } from '@/components/StatusMessage';
import { config as siteConfig } from '@/lib/config';

export const config = { unstable_runtimeJS: false };

export const getStaticProps: GetStaticProps<{ siteName: string; lang: string }> = () => ({
  props: { siteName: siteConfig.siteName, lang: 'zh-CN' },
});

export default function ServerErrorPage({ siteName }: { siteName: string }) {
  return (
    <SiteFrame siteName={siteName}>
      <PageHead title="出错了 · Server error" robots="noindex" />
      <StatusMessage heading="出错了" message="服务器出了点问题，请稍后再试。Something went wrong on our side; please try again later." homeLabel="返回首页 · Home" />
    </SiteFrame>
  );
}
