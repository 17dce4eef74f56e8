/** Text of the WeChat variant's scripts; no Node imports, so components can use it. */

/** WeChat's JS-SDK, loaded from WeChat's own host as its documentation requires. */
export const WECHAT_SDK_URL = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

/**
 * The page's only inline script: reads the share data (a JSON data block, not code), configures the
 * SDK and sets the card for chats and for Moments. Constant text, so the CSP names it by hash and
 * nothing else inline can run.
 */
export const WECHAT_SHARE_SCRIPT = `(function(){var d=document.getElementById('wx-share');if(!d||typeof wx==='undefined')return;var s=JSON.parse(d.textContent);`
  + `wx.config({debug:false,appId:s.appId,timestamp:s.timestamp,nonceStr:s.nonceStr,signature:s.signature,jsApiList:['updateAppMessageShareData','updateTimelineShareData']});`
  + `wx.ready(function(){wx.updateAppMessageShareData({title:s.title,desc:s.desc,link:s.link,imgUrl:s.imgUrl});`
  + `wx.updateTimelineShareData({title:s.title,link:s.link,imgUrl:s.imgUrl});});})();`;
