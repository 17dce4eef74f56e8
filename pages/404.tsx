import type { GetStaticProps } from 'next';
import { PageHead } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusMessage } from '@/components/StatusMessage';
import { config as siteConfig } from '@/lib/config';

export const config = { unstable_runtimeJS: false };

export const getStaticProps: GetStaticProps<{ siteName: string; lang: string }> = () => ({
  props: { siteName: siteConfig.siteName, lang: 'zh-CN' },
});

export default function NotFoundPage({ siteName }: { siteName: string }) {
  return (
    <SiteFrame siteName={siteName}>
      <PageHead title="找不到这条笔记 · Not found" robots="noindex" />
      <StatusMessage
        heading="找不到这条笔记"
        message="链接可能有误，或者笔记从未公开分享。This note does not exist or was never shared."
        homeLabel="返回首页 · Home"
      />
    </SiteFrame>
  );
}
