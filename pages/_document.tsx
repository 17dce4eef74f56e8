import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from 'next/document';
import { config } from '@/lib/config';
import { allowPageScript, pageScript } from '@/lib/http/script-nonce';

type Props = DocumentInitialProps & { nonce?: string; script?: string };

/** `lang` comes from the page (a note's own language), never hard-coded. */
export default class AppDocument extends Document<Props> {
  static override async getInitialProps(ctx: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(ctx);
    const script = pageScript(ctx.pathname);
    if (!script) return initial;
    // Allowed by its URL; a nonce only on a private variant that opened one (lib/http/script-nonce.ts).
    const nonce = allowPageScript(ctx.pathname, ctx.req, ctx.res, config);
    return nonce ? { ...initial, nonce, script } : { ...initial, script };
  }

  override render() {
    const pageProps = this.props.__NEXT_DATA__.props?.pageProps as { lang?: unknown } | undefined;
    const lang = typeof pageProps?.lang === 'string' ? pageProps.lang : 'zh-CN';
    // public/ files live on the CDN next to /_next/static when an asset prefix (STATIC_URL) is set.
    const assetPrefix = this.props.assetPrefix ?? '';
    const { nonce, script } = this.props;
    return (
      <Html lang={lang}>
        <Head nonce={nonce}>
          <meta name="format-detection" content="telephone=no" />
          {/* Baidu: every page is responsive, one URL for phones and desktops (no m. site to map to). */}
          <meta name="applicable-device" content="pc,mobile" />
          {/* A PNG, not public/favicon.svg: Chromium renders an SVG icon as a document of its own (frame,
              style, layout) on the page's main thread after load; a 48 px PNG decodes in well under 1 ms. */}
          <link rel="icon" href={`${assetPrefix}/favicon.png`} type="image/png" sizes="48x48" />
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce} />
          {/* On every notebook page, "load more" or not: a deferred script holds DOMContentLoaded until the
              stylesheet has loaded. Without it, Chromium lays the page out once more at DOMContentLoaded
              because of the search form, with UA styles, before the stylesheet arrives (measured). */}
          {script ? <script src={`${assetPrefix}${script}`} nonce={nonce} defer /> : null}
        </body>
      </Html>
    );
  }
}
