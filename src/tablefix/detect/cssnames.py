"""Names that make leaked CSS recognisable: standard property names and HTML element names.

A brace block counts as CSS only when its declarations use these property names, and a selector
word counts only when its element name is a real HTML tag, so braces in prose or code stay put.
"""

from __future__ import annotations


def names_of(blob: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated names in blob (keeps long name lists compact)."""
    return frozenset(blob.split())


PROPERTIES: frozenset[str] = names_of(
    """
    accent-color align-content align-items align-self alignment-baseline all anchor-name animation
    animation-composition animation-delay animation-direction animation-duration animation-fill-mode
    animation-iteration-count animation-name animation-play-state animation-range animation-timeline
    animation-timing-function appearance aspect-ratio backdrop-filter backface-visibility background
    background-attachment background-blend-mode background-clip background-color background-image
    background-origin background-position background-position-x background-position-y background-repeat
    background-size baseline-shift block-size border border-block border-block-color border-block-end
    border-block-end-color border-block-end-style border-block-end-width border-block-start
    border-block-start-color border-block-start-style border-block-start-width border-block-style
    border-block-width border-bottom border-bottom-color border-bottom-left-radius border-bottom-right-radius
    border-bottom-style border-bottom-width border-collapse border-color border-end-end-radius
    border-end-start-radius border-image border-image-outset border-image-repeat border-image-slice
    border-image-source border-image-width border-inline border-inline-color border-inline-end
    border-inline-end-color border-inline-end-style border-inline-end-width border-inline-start
    border-inline-start-color border-inline-start-style border-inline-start-width border-inline-style
    border-inline-width border-left border-left-color border-left-style border-left-width border-radius
    border-right border-right-color border-right-style border-right-width border-spacing
    border-start-end-radius border-start-start-radius border-style border-top border-top-color
    border-top-left-radius border-top-right-radius border-top-style border-top-width border-width bottom
    box-decoration-break box-shadow box-sizing break-after break-before break-inside caption-side caret
    caret-color clear clip clip-path clip-rule color color-interpolation color-scheme column-count
    column-fill column-gap column-rule column-rule-color column-rule-style column-rule-width column-span
    column-width columns contain contain-intrinsic-size contain-intrinsic-width contain-intrinsic-height
    container container-name container-type content content-visibility counter-increment counter-reset
    counter-set cursor cx cy d direction display dominant-baseline empty-cells fill fill-opacity fill-rule
    filter flex flex-basis flex-direction flex-flow flex-grow flex-shrink flex-wrap float flood-color
    flood-opacity font font-family font-feature-settings font-kerning font-language-override
    font-optical-sizing font-palette font-size font-size-adjust font-smooth font-stretch font-style
    font-synthesis font-variant font-variant-alternates font-variant-caps font-variant-east-asian
    font-variant-ligatures font-variant-numeric font-variant-position font-variation-settings font-weight
    forced-color-adjust gap grid grid-area grid-auto-columns grid-auto-flow grid-auto-rows grid-column
    grid-column-end grid-column-gap grid-column-start grid-gap grid-row grid-row-end grid-row-gap
    grid-row-start grid-template grid-template-areas grid-template-columns grid-template-rows
    hanging-punctuation height hyphenate-character hyphens image-orientation image-rendering
    initial-letter inline-size inset inset-block inset-block-end inset-block-start inset-inline
    inset-inline-end inset-inline-start isolation justify-content justify-items justify-self left
    letter-spacing lighting-color line-break line-clamp line-height list-style list-style-image
    list-style-position list-style-type margin margin-block margin-block-end margin-block-start
    margin-bottom margin-inline margin-inline-end margin-inline-start margin-left margin-right margin-top
    marker marker-end marker-mid marker-start mask mask-border mask-clip mask-composite mask-image
    mask-mode mask-origin mask-position mask-repeat mask-size mask-type math-depth math-style
    max-block-size max-height max-inline-size max-width min-block-size min-height min-inline-size
    min-width mix-blend-mode object-fit object-position offset offset-anchor offset-distance offset-path
    offset-rotate opacity order orphans outline outline-color outline-offset outline-style outline-width
    overflow overflow-anchor overflow-block overflow-clip-margin overflow-inline overflow-wrap overflow-x
    overflow-y overscroll-behavior overscroll-behavior-x overscroll-behavior-y padding padding-block
    padding-block-end padding-block-start padding-bottom padding-inline padding-inline-end
    padding-inline-start padding-left padding-right padding-top page page-break-after page-break-before
    page-break-inside paint-order perspective perspective-origin place-content place-items place-self
    pointer-events position position-anchor print-color-adjust quotes r resize right rotate row-gap
    ruby-align ruby-position rx ry scale scroll-behavior scroll-margin scroll-margin-block
    scroll-margin-bottom scroll-margin-inline scroll-margin-left scroll-margin-right scroll-margin-top
    scroll-padding scroll-padding-block scroll-padding-bottom scroll-padding-inline scroll-padding-left
    scroll-padding-right scroll-padding-top scroll-snap-align scroll-snap-stop scroll-snap-type
    scrollbar-color scrollbar-gutter scrollbar-width shape-image-threshold shape-margin shape-outside
    shape-rendering speak stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-opacity stroke-width tab-size table-layout text-align
    text-align-last text-anchor text-combine-upright text-decoration text-decoration-color
    text-decoration-line text-decoration-skip-ink text-decoration-style text-decoration-thickness
    text-emphasis text-emphasis-color text-emphasis-position text-emphasis-style text-indent
    text-justify text-orientation text-overflow text-rendering text-shadow text-size-adjust
    text-transform text-underline-offset text-underline-position text-wrap text-wrap-mode
    text-wrap-style top touch-action transform transform-box transform-origin transform-style transition
    transition-behavior transition-delay transition-duration transition-property
    transition-timing-function translate unicode-bidi user-select vector-effect vertical-align
    view-transition-name visibility white-space white-space-collapse widows width will-change word-break
    word-spacing word-wrap writing-mode x y z-index zoom
    src font-display unicode-range ascent-override descent-override line-gap-override size-adjust
    syntax inherits initial-value system symbols additive-symbols negative prefix suffix range pad
    speak-as fallback size marks bleed behavior behaviour layout-grid scrollbar-base-color
    scrollbar-face-color scrollbar-track-color scrollbar-arrow-color box-align box-flex box-orient
    box-pack box-ordinal-group flex-align flex-pack flex-order flex-positive flex-negative
    flex-preferred-size grid-columns grid-rows font-smoothing osx-font-smoothing
    """
)
"""Standard CSS properties plus at-rule descriptors (@font-face, @property, @counter-style, @page)
and a few legacy names that real sheets still carry."""

VENDOR_PREFIXES: tuple[str, ...] = ("-webkit-", "-moz-", "-ms-", "-o-", "-khtml-", "-apple-", "-epub-", "mso-")

HTML_TAGS: frozenset[str] = names_of(
    """
    a abbr acronym address area article aside audio b base bdi bdo big blockquote body br button canvas
    caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed
    fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr
    html i iframe img input ins kbd label legend li link main map mark marquee menu meta meter nav
    noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script
    search section select slot small source span strike strong style sub summary sup table tbody td
    template textarea tfoot th thead time title tr track tt u ul var video wbr
    svg path circle rect line polyline polygon ellipse g use symbol defs text tspan image foreignobject
    math mi mn mo mrow
    """
)
"""Element names a type selector may use (HTML, plus common SVG and MathML elements)."""

WORDLIKE_TAGS: frozenset[str] = names_of(
    """
    a b i p q s u area address article aside base big body button caption center code col data details
    dialog figure font form frame head header footer image input label line link main map mark menu
    meter nav object option output path picture progress rect search section select slot small source
    strong style summary symbol table template text time title track use var
    """
)
"""Element names that are also ordinary English words: when a selector run starts mid-sentence,
such leading words more likely belong to the prose than to the selector."""

GROUP_AT_RULES: frozenset[str] = names_of("media supports container layer document -moz-document scope starting-style")
"""At-rules whose block holds further rules."""

KEYFRAMES_AT_RULES: frozenset[str] = names_of("keyframes -webkit-keyframes -moz-keyframes -o-keyframes -ms-keyframes")

DECLARATION_AT_RULES: frozenset[str] = names_of(
    "font-face page property counter-style viewport -ms-viewport font-palette-values"
)
"""At-rules whose block holds declarations."""


def is_property(name: str) -> bool:
    """True for a known property, a vendor-prefixed one or a custom property (`--x`)."""
    name = name.lower()
    if name in PROPERTIES or (name.startswith("--") and len(name) > 2):
        return True
    return any(name.startswith(p) and len(name) > len(p) for p in VENDOR_PREFIXES)
