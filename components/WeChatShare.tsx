import type { WeChatShareData } from '@/lib/wechat/get-wechat-share';
import { WECHAT_SDK_URL, WECHAT_SHARE_SCRIPT } from '@/lib/wechat/share-script-text';
import { serializeJsonLd } from '@/lib/seo/json-ld';

/**
 * The WeChat variant's share card: the signed data as a JSON data block (serializeJsonLd escapes
 * <, > and &, so a note title cannot end the element), WeChat's SDK, and the one constant inline
 * script that hands the data to it (allowed by hash, lib/wechat/share-script.ts).
 */
export function WeChatShare({ data }: { data: WeChatShareData }) {
  return (
    <>
      <script type="application/json" id="wx-share" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
      <script src={WECHAT_SDK_URL} />
      <script dangerouslySetInnerHTML={{ __html: WECHAT_SHARE_SCRIPT }} />
    </>
  );
}
