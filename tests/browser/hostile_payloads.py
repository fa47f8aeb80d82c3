"""Hostile input for the comment form: every payload that runs calls window.__pwned().

TRAP_SCRIPT is installed in the page before any of its own scripts
(`add_init_script`): it records calls to __pwned and to alert/confirm/prompt,
so a test can assert that nothing ran.
"""

TRAP_SCRIPT = """
window.__trapped = [];
window.__pwned = function (what) { window.__trapped.push(String(what)); };
["alert", "confirm", "prompt", "print"].forEach(function (name) {
  window[name] = function (what) { window.__trapped.push(name + ":" + String(what)); };
});
"""

_CLASSIC = [
    "<script>__pwned({n})</script>",
    "<ScRiPt>__pwned({n})</sCrIpT>",
    "<script src=data:text/javascript,__pwned({n})></script>",
    "<img src=x onerror=__pwned({n})>",
    '<img src="x" onerror="__pwned({n})">',
    "<img src=x onerror=&#95;&#95;pwned({n})>",
    "<img src=x onerror=eval(String.fromCharCode(95,95,112,119,110,101,100,40,49,41))>",
    "<svg onload=__pwned({n})>",
    "<svg/onload=__pwned({n})>",
    "<svg><script>__pwned({n})</script></svg>",
    "<svg><animate onbegin=__pwned({n}) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:__pwned({n})"><text x="20" y="20">x</text></a></svg>',
    "<body onload=__pwned({n})>",
    '<iframe src="javascript:__pwned({n})"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned({n})</script>"></iframe>',
    '<a href="javascript:__pwned({n})">click me</a>',
    '<a href=" javascript:__pwned({n})">leading space</a>',
    '<a href="&#106;avascript:__pwned({n})">entity</a>',
    '<a href="data:text/html,<script>__pwned({n})</script>">data link</a>',
    "javascript:__pwned({n})",
    "JaVaScRiPt:__pwned({n})",
    "java\tscript:__pwned({n})",
    "java\u200bscript:__pwned({n})",
    "data:text/html,<script>parent.__pwned({n})</script>",
    "data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=__pwned({n})>",
    "vbscript:msgbox({n})",
    '"><script>__pwned({n})</script>',
    "'><script>__pwned({n})</script>",
    '" autofocus onfocus="__pwned({n})',
    "' autofocus onfocus='__pwned({n})",
    "</textarea><script>__pwned({n})</script>",
    "</title><script>__pwned({n})</script>",
    "</script><script>__pwned({n})</script>",
    '"-__pwned({n})-"',
    "';__pwned({n});//",
    "<input autofocus onfocus=__pwned({n})>",
    "<select autofocus onfocus=__pwned({n})></select>",
    "<textarea autofocus onfocus=__pwned({n})></textarea>",
    "<x contenteditable autofocus onfocus=__pwned({n})>x</x>",
    "<details open ontoggle=__pwned({n})>",
    "<video><source onerror=__pwned({n})></video>",
    "<audio src=x onerror=__pwned({n})>",
    "<marquee onstart=__pwned({n})>x</marquee>",
    '<object data="javascript:__pwned({n})"></object>',
    '<embed src="javascript:__pwned({n})">',
    '<img srcset="x" onerror="__pwned({n})">',
    '<picture><source srcset="x"><img src=x onerror="__pwned({n})"></picture>',
    '<div style="background:url(javascript:__pwned({n}))">styled</div>',
    "<style>@import 'javascript:__pwned({n})';</style>",
    "<style>*{{background:url(x)}}</style><img src=x onerror=__pwned({n})>",
    '<meta http-equiv="refresh" content="0;url=javascript:__pwned({n})">',
    '<base href="javascript:__pwned({n})//">',
    '<form action="javascript:__pwned({n})"><button>send</button></form>',
    '<button formaction="javascript:__pwned({n})">x</button>',
    '<table background="javascript:__pwned({n})">',
    '<a href="https://example.org" onmouseover="__pwned({n})">hover me</a>',
    '<div onpointerenter="__pwned({n})">pointer</div>',
    '<div onmouseenter="__pwned({n})" style="display:block;width:9999px;height:9999px">big</div>',
    "<img src=x:x onerror=__pwned({n})//",
    '<img """><script>__pwned({n})</script>">',
    "<scr<script>ipt>__pwned({n})</scr</script>ipt>",
    "<<script>__pwned({n});//<</script>",
    "<!--<img src=x onerror=__pwned({n})>-->",
    "--><img src=x onerror=__pwned({n})>",
    "<![CDATA[<script>__pwned({n})</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=__pwned({n})>">',
    '<svg></p><style><a id="</style><img src=1 onerror=__pwned({n})>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=__pwned({n})>",
    ('<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style>'
     '<img onerror=__pwned({n}) src>">'),
    "<scr\u200bipt>__pwned({n})</script>",
    "\ufeff<img src=x onerror=__pwned({n})>",
    "\u2066<script>__pwned({n})</script>\u2069",
    "&lt;script&gt;__pwned({n})&lt;/script&gt;",
    "&#60;script&#62;__pwned({n})&#60;/script&#62;",
    "\\u003cscript\\u003e__pwned({n})\\u003c/script\\u003e",
    "%3Cscript%3E__pwned({n})%3C/script%3E",
    "https://example.org/\"onmouseover=\"__pwned({n})\"",
    "https://example.org/<script>__pwned({n})</script>",
    "https://example.org/'><img src=x onerror=__pwned({n})>",
    "www.example.org/\"><img src=x onerror=__pwned({n})>",
    "https://example.org/?a=1&b=<svg/onload=__pwned({n})>",
    "https://example.org/#<img src=x onerror=__pwned({n})>",
    "[click](javascript:__pwned({n}))",
    '![x](x" onerror="__pwned({n}))',
    "{{{{ 7*7 }}}} {{% debug %}} ${{__pwned({n})}}",
    "<template><script>__pwned({n})</script></template>",
    "<portal src=javascript:__pwned({n})>",
    '<link rel="stylesheet" href="javascript:__pwned({n})">',
]

_EVENTS = ["onerror", "onload", "onfocus", "onmouseover", "onclick", "onanimationstart",
           "onpointerover", "onbegin", "ontoggle", "onwheel"]

_INERT = [
    "\u202egnp.exe", "Ann\u202eetirw\u202c Reader", "\u200b\u200c\u200d\u2060zero width",
    "\u200f\u061c\u200e marks", "مرحبا <b>عالم</b>", "שלום <i>עולם</i>",
    "Z\u0337\u0322\u031b\u034ea\u0336l\u0335g\u0337o\u0338", "👩‍👩‍👧‍👦 🏳️‍🌈 🇨🇳",
    "A" * 3000, "長" * 2000, "https://example.org/" + "a" * 2000,
    "x" * 40 + "<" * 500, "<b><i>unclosed", "</div></section></main></body></html>",
    "<p <p <p", "<!--", "]]>", '"', "'", "<", ">", "&", "&amp;amp;",
    "line\r\nSet-Cookie: pwned=1", "%0d%0aSet-Cookie:%20pwned=1",
    "' OR '1'='1", "\"; DROP TABLE comments_comment; --", "../../../etc/passwd",
    "%s%s%s%n", "{0.__class__}", "\x00null",
]


def _build():
    payloads = []
    for template in _CLASSIC:
        payloads.append(template.format(n=len(payloads) + 1))
    for event in _EVENTS:
        payloads.append(f"<img src=x {event}=__pwned({len(payloads) + 1})>")
    payloads.extend(_INERT)
    return payloads


PAYLOADS = _build()
