"""Precompiled patterns shared by the cleaning steps (one place to read them all).

Every pattern works on text that :func:`graph.clean.normalize.normalize_text`
already made canonical: ASCII letters, digits and ``,:;()!?`` punctuation,
Chinese 。、“”《》 kept, single spaces.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Names in a byline (a middle dot for minority names); bylines often run two names together
# (通讯员张三李四王五): a run is split into names by ``metadata.split_names``.
NAME_RUN = rf"[{CJK}·]{{2,12}}"
NAME_RUNS = rf"{NAME_RUN}(?:[ 、,]+{NAME_RUN})*"
# The commonest family names, most common first: which of two ways to split a run of names
# is likelier (张刚周文博: 周 is commoner than 文, so 张刚 + 周文博, not 张刚周 + 文博).
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严覃武戴莫孔向汤"
)

# --- page furniture: whole lines -------------------------------------------------
IMAGE_NAME = re.compile(
    r"_fororder_|\.(?:jpe?g|png|gif|webp|bmp)\b|\b[0-9a-f]{24,}\b|wKg[A-Za-z0-9_-]{10,}", re.IGNORECASE
)
BREADCRUMB = re.compile(r"^(?:首页|主页|网站首页|当前位置:?).{0,60}(?:>>?|›|»|→)|(?:>>?|›|»)\s*正文$")
LISTEN = re.compile(
    r"^(?:听新闻|语音播报|朗读本文|点击播报本文.*|播放|暂停|字号:?.*[大中小].*|打印本页|关闭窗口|【?打印】?.*【?关闭】?)$"
)
SHARE = re.compile(
    r"^(?:分享到:?|分享|一键分享|扫一扫.*|微信扫一扫.*|扫描二维码.*|[【\[]?(?:微信|微博|QQ空间|QQ|朋友圈|新浪微博|复制链接)[】\]]?(?:\s*[|/ ]\s*[【\[]?(?:微信|微博|QQ空间|QQ|朋友圈|新浪微博|复制链接)[】\]]?)*)$"
)
LOGIN = re.compile(
    r"查看隐藏内容|需先登录|登录后(?:查看|阅读|可见)|(?:请先|立即)登录|注册登录|阅读全文|展开全文|点击查看更多"
)
TAG_LINE = re.compile(r"^(?:标签|关键词|关键字|Tags?)\s*:.{0,80}$", re.IGNORECASE)
LONE_NUMBER = re.compile(r"^[\d\s]{1,6}$")
MORE_NEWS = re.compile(
    r"^(?:相关新闻|相关阅读|相关链接|推荐阅读|延伸阅读|热点推荐|热门推荐|猜你喜欢|精彩推荐|往期回顾|更多新闻|上一篇|下一篇)\s*:?.{0,60}$"
)

# Lines that open the site footer: this line and everything after it are furniture.
FOOTER_START = re.compile(
    r"^(?:版权和免责声明|版权声明|免责声明|版权所有|友情链接|网站地图|关于我们|联系我们|网站声明)"
    r"|^.{0,30}版权.{0,20}声明:?$"
    r"|^(?:本文|本站|本网)(?:仅代表|转载|的部分内容|所载|所刊|内容)"
    r"|^凡本网注明|^未经(?:本网|本站)?(?:书面)?(?:许可|授权)"
    r"|^(?:©|\(c\)|Copyright\b)|Powered By|ICP备",
    re.IGNORECASE,
)
FOOTER_ANYWHERE = re.compile(
    r"©|Copyright ?\d{4}|Powered By|ICP备|友情链接|网站地图|免责声明|版权声明", re.IGNORECASE
)

# --- metadata ----------------------------------------------------------------------
DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
PARTIAL_DATE = re.compile(r"(?<![\d年*])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_META_KEYS = r"来源|稿源|出处|作者|记者|编辑|责编|责任编辑|实习编辑|审核|审校|校对|发布时间|发布日期|时间|日期|浏览次数|阅读量|点击数|点击|字号"
_ROLE = r"本报记者|特约记者|见习记者|记者|通讯员|文/|作者|摄影|摄|编辑|责编"
# A value runs until the next "key:" or the next role word (来源:某报 记者 张三).
META_FIELD = re.compile(
    rf"(?P<key>{_META_KEYS})\s*:\s*(?P<value>[^\s:]+(?:\s(?![^\s:]+:|(?:{_ROLE}))[^\s:|]+)*)"
)
META_BYLINE = re.compile(rf"(?:本报记者|特约记者|见习记者|记者|通讯员|文/)\s*(?P<names>{NAME_RUNS})")
META_LEFTOVER = re.compile(r"[\s|/\-_·•,、:]+|大|中|小|次|\d+")
EDITOR_KEYS = ("编辑", "责编", "责任编辑", "实习编辑")
AUTHOR_KEYS = ("作者", "记者")
SOURCE_KEYS = ("来源", "稿源", "出处")
BYLINE = re.compile(
    rf"^(?P<outlet>(?:[{CJK}A-Za-z]{{2,12}}/)?[{CJK}A-Za-z]{{2,12}}?)?\s*"
    rf"(?:(?P<role>本报记者|特约记者|见习记者|记者|通讯员|本版撰稿|撰稿|执笔)\s*[/:]?\s*"
    rf"|(?P<role2>文|撰文|作者|文字|文图|图文)\s*[/:]\s*)"
    rf"(?P<names>{NAME_RUNS})$"
)
CREDIT = re.compile(
    r"^(?:(?:本版供图|供图|摄影|制图|视频制作|图片来源)\s*[/:]?|(?:图|图片|摄)\s*[/:])\s*\S.{0,29}$"
)
EDITOR_LINE = re.compile(
    rf"^(?P<role>责任编辑|责编|编辑|实习编辑|审核|审校|校对|值班编辑)\s*[/:]?\s*(?P<names>{NAME_RUNS})$"
)
# The roles a byline in brackets names (记者 张三 通讯员 李四).
INLINE_ROLES = r"本报记者|特约记者|见习记者|特约通讯员|通讯员|记者|实习生"
# The lead of the first paragraph: 本报讯, 本报咸阳讯, 苏州日报讯, 新华社香港10月20日电, then the byline
# in brackets: (通讯员 张三) / (记者张三李四).
INLINE_BYLINE = re.compile(
    rf"^(?:(?P<lead>[{CJK}]{{2,16}}?)(?:\d{{1,2}}月\d{{1,2}}日)?(?:讯|电))?\s*"
    rf"[((](?P<inner>(?:(?:{INLINE_ROLES})\s*{NAME_RUNS}\s*)+)[))]"
)
INLINE_NAME = re.compile(rf"(?:{INLINE_ROLES})\s*(?P<names>{NAME_RUNS})")
# A news-agency dateline without a byline: 新华社北京10月20日电 ...
DATELINE = re.compile(rf"^(?P<lead>[{CJK}]{{2,16}}?)\d{{1,2}}月\d{{1,2}}日电")
# The lead of a dateline that names no publisher: 本报讯, 本刊讯, 本台讯.
OWN_OUTLET = re.compile(r"^本(?:报|刊|台|网|站|社)")
# Where the publisher's name ends in a dateline lead (新华社|香港, 中新网|上海, 人民日报|北京).
AGENCY_SUFFIX = re.compile(r"(?:社|网|报|台|客户端|新闻|杂志)$")
TRAILER = re.compile(
    rf"(?P<all>(?:摘自|转自|原载|来源:|来源于)\s*(?:[\d*]{{2,4}}年[\d*]{{1,2}}月[\d*]{{1,2}}日)?\s*"
    rf"(?:《(?P<paper>[^》]{{2,20}})》|(?P<bare>[{CJK}]{{2,12}}(?:日报|晚报|报|网|杂志)))"
    rf"(?:\s*[((]?\s*(?:记者|作者|通讯员)\s*(?P<names>{NAME_RUNS})\s*[))]?)?)\s*$"
)
# A newspaper's edition line: 《人民日报》(2020年08月25日 04版), on a line of its own or ending the last one.
_EDITION = (
    r"《\s*(?P<paper>[^《》]{2,20}?)\s*》\s*[((]\s*(?P<date>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]"
    r"\s*\d{1,2}\s*日?)\s*(?:第?\s*[\d一二三四五六七八九十]{1,3}\s*版(?:\s*[:·]?\s*[^()()]{0,12})?)?\s*[))]"
)
EDITION_LINE = re.compile(rf"^{_EDITION}$")
EDITION_TAIL = re.compile(rf"(?P<all>{_EDITION})\s*$")
OUTLET_SUFFIX = re.compile(r"(?:日报|晚报|晨报|时报|商报|报|网|电视台|广播电台|新闻|杂志|客户端)$")

# --- spam --------------------------------------------------------------------------
# A Latin brand glued to a gambling word, optionally with an "entrance/site" tail (AB娱乐, XY真人开户).
_SITE_TAIL = r"(?:入口|官网|官方网站|登录|注册|开户|下载|app|APP|网址|网站|平台)*"
GAMBLING_BRAND = re.compile(
    r"[A-Za-z][A-Za-z0-9]{0,7}\s?(?:"
    rf"(?:超玩会|娱乐城|娱乐|棋牌|彩票|真人|电竞|开户|送彩金|百家乐)+{_SITE_TAIL}"
    rf"|(?:体育|电子|国际|平台|游戏)(?:入口|官网|官方网站|登录|注册|开户|下载|app|APP|网址|网站)+)"
)
# The same shapes after a brand name of Chinese characters: two characters, a betting word and a
# site word (XX体育官网, XX棋牌注册平台); the site word is what tells 体育官网 from 体育课.
_STRONG_TAIL = r"(?:入口|官网|官方网站|登录|注册|开户|下载|网址|app|APP)"
CJK_BRAND = re.compile(
    rf"[{CJK}]{{1,2}}(?:娱乐城|超玩会|娱乐|棋牌|真人|电竞|彩票|体育|游戏)"
    rf"(?:平台|网站)?{_STRONG_TAIL}(?:{_STRONG_TAIL}|平台|网站)*"
)
# Weaker shapes, only spam in an article where clear spam was found: a Latin brand before a word
# of sport or games (AB体育), a made-up name before a betting word and 平台 (XX电竞平台).
WEAK_LATIN_BRAND = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{1,7}(?:体育|游戏)(?:平台|网站)?")
WEAK_CJK_BRAND = re.compile(
    rf"(?P<stem>[{CJK}]{{2}})(?P<head>娱乐城|超玩会|娱乐|棋牌|真人|电竞|彩票)(?:平台|网站)"
)
GAMBLING_WORD = re.compile(
    r"(?:百家乐|六合彩|时时彩|老虎机|北京赛车|幸运飞艇|网上赌场|在线赌场|注册送彩金|首存送彩金|送彩金"
    r"|首存送|注册送|彩金|博彩|网投)(?:入口|官网|平台|登录|注册|下载|app|APP|网址)*"
)
# Well-known casino / gaming-site brands used in SEO spam; matched only as whole tokens glued into text.
GAMBLING_STEMS = (
    "九游会",
    "九游",
    "开云体育",
    "开云",
    "新葡京",
    "澳门银河",
    "威尼斯人",
    "金沙娱乐",
    "永利皇宫",
    "亚博",
    "乐鱼体育",
    "米乐",
    "华体会",
    "爱游戏",
    "博九",
    "必威",
    "凯发",
    "尊龙",
    "龙8",
    "bet365",
    "皇冠体育",
    "雷火电竞",
)
# Words around a person's name: kin and callings before it (titles come from the lexicon), a verb
# of saying after it (妻子张和英, 杨富国说).  Not 党员, 居民: the genre writes them before anything.
ROLE_NOUNS = (
    "妻子",
    "丈夫",
    "儿子",
    "女儿",
    "父亲",
    "母亲",
    "爷爷",
    "奶奶",
    "师傅",
    "老师",
    "民警",
    "医生",
    "护士",
)
SPEECH_VERBS = ("说", "表示", "介绍", "告诉", "坦言", "指出", "笑着", "回忆", "感慨", "说道")
SENTENCE_END = "。!?…"
FUNCTION_CHARS = set("的了是在和与及等为对把被从也都就而且或着过之其这那个一不有我你他她它们")
# The particles, prepositions and conjunctions that glue a sentence together: a repeated
# string that starts or ends with one alone (的治理, 是在, 性和) is ordinary text.
GRAMMAR_CHARS = set("的了是在和与及把被从也都就而且或着过之其这那们我你他她它")
