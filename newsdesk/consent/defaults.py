"""The texts a new site starts with, in English and Simplified Chinese.

Written by the team, keyed `<field>_<language>`; site owners edit them in the
back office. `ensure_defaults` creates the five categories and the policy row
after every migrate, leaving rows that exist (and their edits) alone; the
texts are stored the one translated way (core.translation.model_values).
"""

from newsdesk.core.translation import model_values

CATEGORIES = {
    "necessary": {
        "name_en": "Necessary",
        "name_zh_hans": "必要",
        "description_en": (
            "Needed for the site to work and to stay secure: for example, remembering your "
            "cookie choice or keeping editors signed in to the back office. They cannot be "
            "switched off and are never used to follow you."
        ),
        "description_zh_hans": (
            "网站正常运行和保障安全所必需的 Cookie，例如记住您的 Cookie 选择，"
            "或让编辑保持登录后台。它们无法关闭，也绝不会被用来追踪您。"
        ),
    },
    "functional": {
        "name_en": "Functional",
        "name_zh_hans": "功能",
        "description_en": (
            "Let features from other services work inside our pages, such as embedded videos, "
            "maps, social media posts and share buttons. Those services may recognise you "
            "when they load."
        ),
        "description_zh_hans": (
            "让其他服务提供的功能在我们的页面中正常工作，例如嵌入的视频、地图、"
            "社交媒体帖子和分享按钮。这些服务在加载时可能会识别您的身份。"
        ),
    },
    "analytics": {
        "name_en": "Analytics",
        "name_zh_hans": "分析",
        "description_en": (
            "Help us understand how readers use the site: which articles are read, how "
            "people find us and where they leave. An analytics service counts visits and "
            "may recognise a returning browser."
        ),
        "description_zh_hans": (
            "帮助我们了解读者如何使用本网站：哪些文章被阅读、读者通过什么途径找到我们、"
            "又在哪里离开。分析服务会统计访问量，并可能识别再次访问的浏览器。"
        ),
    },
    "performance": {
        "name_en": "Performance",
        "name_zh_hans": "性能",
        "description_en": (
            "Measure how quickly and reliably pages load for readers, so that we can find "
            "and fix slow or broken parts of the site."
        ),
        "description_zh_hans": (
            "衡量页面对读者的加载速度和稳定性，帮助我们找出并修复网站中缓慢或出错的部分。"
        ),
    },
    "advertisement": {
        "name_en": "Advertisement",
        "name_zh_hans": "广告",
        "description_en": (
            "Used by advertising partners to show ads, limit how often you see the same one, "
            "measure campaigns and build a profile of your interests across websites."
        ),
        "description_zh_hans": (
            "由广告合作伙伴使用，用于展示广告、限制同一广告的展示次数、衡量广告效果，"
            "并在不同网站之间建立您的兴趣画像。"
        ),
    },
}

POLICY = {
    "banner_title_en": "Your choice about cookies",
    "banner_title_zh_hans": "关于 Cookie 的选择",
    "banner_text_en": (
        "With your permission, we and a few partners use cookies for embedded media, "
        "audience statistics, performance measurement and advertising. Nothing optional runs "
        "until you choose, and you can change your mind at any time under “Cookie settings” "
        "at the foot of every page."
    ),
    "banner_text_zh_hans": (
        "经您同意，我们和少数合作伙伴会使用 Cookie 来提供嵌入媒体、统计读者数据、"
        "衡量网站性能和投放广告。在您做出选择之前，任何非必要的内容都不会运行；"
        "您可以随时通过每个页面底部的“Cookie 设置”更改选择。"
    ),
    "opt_out_text_en": (
        "We and a few partners use cookies for embedded media, audience statistics, "
        "performance measurement and advertising. You can object at any time: choose "
        "“Reject all”, switch categories off under “Customize”, or use “Do Not Sell or Share "
        "My Personal Information” at the foot of every page."
    ),
    "opt_out_text_zh_hans": (
        "我们和少数合作伙伴会使用 Cookie 来提供嵌入媒体、统计读者数据、衡量网站性能和投放广告。"
        "您可以随时拒绝：点击“全部拒绝”，在“自定义”中关闭相应类别，"
        "或使用每个页面底部的“请勿出售或共享我的个人信息”。"
    ),
    "centre_intro_en": (
        "Choose which kinds of cookies and similar technologies this site may use. Each "
        "category below explains what it is for and lists the cookies it sets.\n\n"
        "Necessary cookies are always on: without them the site could not remember your "
        "choice or keep its back office secure. Every other category stays off until you "
        "switch it on, and you can switch it off here again at any time; when you do, we "
        "delete that category's cookies from this site.\n\n"
        "Services such as video players also set cookies on their own domains, under their "
        "own privacy policies. We keep a record of each choice (a random identifier, the "
        "time, the categories and a shortened IP address) as proof of consent, for the "
        "period given in our cookie policy."
    ),
    "centre_intro_zh_hans": (
        "请选择本网站可以使用哪些类型的 Cookie 及类似技术。下面每个类别都说明了其用途，"
        "并列出了它所设置的 Cookie。\n\n"
        "必要 Cookie 始终启用：没有它们，网站就无法记住您的选择，也无法保障后台安全。"
        "其他类别在您开启之前一律保持关闭，您也可以随时在这里重新关闭；"
        "关闭后，我们会从本网站删除该类别的 Cookie。\n\n"
        "视频播放器等服务还会在其自己的域名下设置 Cookie，适用其各自的隐私政策。"
        "我们会保存您每次选择的记录（一个随机标识符、时间、所选类别和截短的 IP 地址）"
        "作为同意的证明，保存期限见我们的 Cookie 政策。"
    ),
    "policy_intro_en": (
        "This page lists the cookies and similar technologies this site uses: what each one "
        "does, who sets it and how long it lasts. It is generated from the same declarations "
        "as the cookie settings, so the two always agree."
    ),
    "policy_intro_zh_hans": (
        "本页列出了本网站使用的 Cookie 及类似技术：每一项的用途、由谁设置以及保存多久。"
        "本页与 Cookie 设置使用同一份声明生成，因此两者始终一致。"
    ),
}


def ensure_defaults(**kwargs):
    """Create the five categories and the policy row when missing; runs after every migrate."""
    from newsdesk.consent.models import CATEGORY_KEYS, ChainHead, ConsentPolicy, CookieCategory

    for position, key in enumerate(CATEGORY_KEYS):
        CookieCategory.objects.get_or_create(key=key, defaults=category_values(key, position))
    if not ConsentPolicy.objects.filter(pk=1).exists():
        ConsentPolicy(**policy_values()).save()
    ChainHead.objects.get_or_create(pk=1)


def category_values(key, position):
    from newsdesk.consent.models import CookieCategory

    return {"position": position, **model_values(CookieCategory, CATEGORIES[key])}


def policy_values():
    from newsdesk.consent.models import ConsentPolicy

    return model_values(ConsentPolicy, POLICY)
