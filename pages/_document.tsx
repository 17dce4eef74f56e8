import Document, { Head, Html, Main, NextScript } from 'next/document';

/** `lang` comes from the page (a note's own language), never hard-coded. */
export default class AppDocument extends Document {
  override render() {
    const pageProps = this.props.__NEXT_DATA__.props?.pageProps as { lang?: unknown } | undefined;
    const lang = typeof pageProps?.lang === 'string' ? pageProps.lang : 'zh-CN';
    // public/ files live on the CDN next to /_next/static when an asset prefix (STATIC_URL) is set.
    const assetPrefix = this.props.assetPrefix ?? '';
    return (
      <Html lang={lang}>
        <Head>
          <meta name="format-detection" content="telephone=no" />
          <link rel="icon" href={`${assetPrefix}/favicon.svg`} type="image/svg+xml" />
        </Head>
        <body>
          <Main />
          <NextScript />
        </body>
      </Html>
    );
  }
}
