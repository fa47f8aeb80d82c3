"""Walking a page with the Tab key, as a keyboard user does, and what each stop looks like."""

# Everything a browser can put in the Tab order; `tabIndex >= 0` then drops
# what is focusable only from script, and checkVisibility what is not rendered
# (closed <details>, display: none, visibility: hidden).
MARK_CONTROLS = """() => {
  // An open modal dialog makes the rest of the page inert: only its controls count.
  const scope = document.querySelector('dialog:modal') || document;
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, '
    + 'summary, iframe, audio[controls], video[controls], [tabindex], '
    + '[contenteditable]:not([contenteditable=false])';
  const controls = [...scope.querySelectorAll(selector)].filter(el =>
    !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]')
    && el.checkVisibility({visibilityProperty: true}));
  return controls.map((el, index) => {
    el.dataset.qualityId = String(index);
    return {
      id: String(index),
      // Only one radio button of a group is in the Tab order; arrows move within it.
      group: el.type === 'radio' && el.name ? 'radio:' + el.name : String(index),
      label: window.__describe(el),
      style: window.__focusStyle(el),
    };
  });
}"""

HELPERS = """
window.__describe = el => {
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 50);
  const classes = typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes}> "${text}"`;
};
window.__focusStyle = el => {
  const s = getComputedStyle(el);
  return {
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor, boxShadow: s.boxShadow,
  };
};
window.__background = el => {
  // The first opaque background behind an element; the canvas is the body's.
  for (let node = el.parentElement; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(color) && color !== 'transparent') return color;
  }
  // Nothing opaque: the canvas, white or (in a dark colour scheme) Chromium's #121212.
  const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark')
    && matchMedia('(prefers-color-scheme: dark)').matches;
  return dark ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)';
};
window.__unobscured = el => {
  // WCAG 2.4.11: the focused control is not entirely hidden (by a sticky
  // banner, say). One sample point that hits it is enough. A control drawn
  // by its label (a visually hidden checkbox) is judged by the label.
  let target = el, rect = el.getClientRects()[0] || el.getBoundingClientRect();
  if (rect.width <= 2 && rect.height <= 2 && el.labels && el.labels.length) {
    target = el.labels[0];
    rect = target.getBoundingClientRect();
  }
  if (!rect.width || !rect.height) return true;
  const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
  return points.some(([fx, fy]) => {
    const x = rect.left + rect.width * fx, y = rect.top + rect.height * fy;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit && (target === hit || target.contains(hit));
  });
};
"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.qualityId) el.dataset.qualityId = 'extra-' + Math.random().toString(36).slice(2);
  return {
    id: el.dataset.qualityId, label: window.__describe(el), style: window.__focusStyle(el),
    background: window.__background(el), unobscured: window.__unobscured(el),
  };
}"""


# Move the point Tab starts from to the top of the page (or of an open modal
# dialog): blur() alone leaves it at the element that had focus.
FOCUS_TOP = """() => {
  const scope = document.querySelector('dialog:modal') || document.body;
  const start = document.createElement('span');
  start.tabIndex = -1;
  scope.prepend(start);
  start.focus();
  start.addEventListener('blur', () => start.remove(), {once: true});
}"""


def walk(page, controls):
    """The stops of the Tab key from the top of the page until focus leaves or wraps."""
    page.evaluate(FOCUS_TOP)
    stops, seen = [], set()
    for _ in range(len(controls) + 20):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            if stops:
                break
            continue
        if stop["id"] in seen:
            break
        seen.add(stop["id"])
        stops.append(stop)
    return stops


def tab_to(page, selector, limit=200):
    """Press Tab until the focused element matches selector; False if it never does."""
    page.evaluate(FOCUS_TOP)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return True
    return False


def parse_color(css):
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' -> (r, g, b, alpha)."""
    inside = css[css.index("(") + 1:css.rindex(")")].replace("/", ",").replace(" ", ",")
    numbers = [float(part) for part in inside.split(",") if part]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def contrast(first, second):
    def luminance(color):
        def channel(value):
            value /= 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(v) for v in color[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


MIN_OUTLINE_PX = 2
MIN_INDICATOR_CONTRAST = 3.0  # WCAG 1.4.11, non-text contrast


def focus_indicator_problem(stop, unfocused):
    """Why a focused control has no visible focus indicator, or None if it has one."""
    focused = stop["style"]
    if focused["outlineStyle"] == "auto":
        return None  # the browser's own two-tone focus ring
    outline = [focused[key] for key in ("outlineStyle", "outlineWidth", "outlineColor")]
    if unfocused and outline == [unfocused[key] for key in (
            "outlineStyle", "outlineWidth", "outlineColor")] and outline[0] != "none":
        return "its outline looks the same focused and unfocused"
    if focused["outlineStyle"] != "none" and focused["outlineWidth"] >= MIN_OUTLINE_PX:
        color = parse_color(focused["outlineColor"])
        if color[3] == 0:
            return "its focus outline is transparent"
        ratio = contrast(color, parse_color(stop["background"]))
        if ratio < MIN_INDICATOR_CONTRAST:
            return f"its focus outline has a contrast of {ratio:.2f}:1 with the background"
        return None
    if focused["boxShadow"] != "none" and focused["boxShadow"] != (unfocused or {}).get(
            "boxShadow"):
        return None
    return (f"no outline of {MIN_OUTLINE_PX}px or more and no box-shadow when focused "
            f"(outline: {focused['outlineStyle']} {focused['outlineWidth']}px)")
