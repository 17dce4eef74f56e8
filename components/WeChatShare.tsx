import type { WeChatShareData } from '@/lib/wechat/get-wechat-share';
import { WECHAT_SDK_URL, WECHAT_SHARE_SCRIPT } from '@/lib/wechat/share-script-text';
import { serializeJsonLd } from '@/lib/seo/json-ld';

/**
 * The WeChat variant's share card: the signed data as a JSON data block (serializeJsonLd escapes
 * <, > and &, so a note title cannot end the element), WeChat's SDK, and the one constant inline
 * script that hands the data to it (allowed by hash, lib/wechat/share-script.ts). On a page that
 * runs its own script under a nonce with 'strict-dynamic', both scripts carry that nonce.
 */
export function WeChatShare({ data, nonce }: { data: WeChatShareData; nonce?: string | undefined }) {
  return (
    <>
      <script type="application/json" id="wx-share" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
      <script src={WECHAT_SDK_URL} nonce={nonce} />
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: WECHAT_SHARE_SCRIPT }} />
    </>
  );
}
