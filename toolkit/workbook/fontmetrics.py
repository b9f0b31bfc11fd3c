"""How wide a text prints in Calibri (Excel's default font), so sheets size rows and columns themselves.

LibreOffice never auto-fits the rows of a generated file and Excel never auto-fits merged cells, so
every sheet we write sets its row heights from these widths, and tests check that no header label is
wider than its column. The table holds the advance widths of Carlito (metric-compatible with
Calibri), regular and bold, in 1/2048 em rounded to 1/64 em,
for Latin, Cyrillic (Kazakh letters included) and the punctuation our texts use; any other character
counts as the widest letter. Regenerate from the TTF files with fontTools if a font ever changes.
"""

from __future__ import annotations

from functools import lru_cache

_REGULAR: dict[int, str] = {
    448: " '",
    480: 'ijlіїј',
    512: ',.IІЇӀӏ’‘·',
    544: ':;',
    608: '()`',
    640: '-J[]f{}Ј',
    672: '!t',
    704: 'rгѓӷ°',
    736: 'ґ',
    768: 'ғӻ',
    800: '/\\szтѕҭ',
    832: '"ѯ',
    864: 'LcзсҁҒҙҫӟӶӺ“”',
    896: 'xЃГхэєҐӭӿ',
    928: 'FSkvy|Ѕуўҕүұӯӱӳ',
    960: '?ZgЗкчьяќѮҘҝҳҹһӄӌӞӠӡӵӽ',
    992: 'ETYaЀЁЕТавѵѷҍҟҬҮҰҷӑӓӖ',
    1024: '#$*+0123456789<=>^_e~еѐёқӗәӛ–•×−≥≤€₸',
    1056: 'KPXРХлпѣҎӆӾ«»',
    1088: 'CbdhnopquЎБСУЬбноръћџѧѳҀҌҏҔҡҪӈӧөӫӮӰӲ',
    1120: 'BRЄЌВКЭийцђѝҋҜҞҩӃӊӣӥӬ',
    1152: 'VЧЯдѫңҲҸҺӋӴӼ',
    1184: 'AАѻҚҶӐӒ',
    1216: 'Ѵҵҽҿ',
    1248: 'DЛЪ҂ҥ',
    1280: 'GHЂЋЏНПфѢѦҠӅӇӉ',
    1312: 'NUЍДИЙЦҢҨӘӚӢӤ',
    1344: 'OОѥѲѺҊӦӨӪ',
    1376: 'Qмыѡѿӹ',
    1408: '&жӂӝ…',
    1440: 'Фѩѱ',
    1472: '%wюѪҗҤӎ',
    1504: 'шҴ',
    1536: 'щљѭѰҧҼҾ',
    1568: 'ЫњӔӕӸ',
    1600: 'Ѥѽ',
    1632: 'mЖӁӜ',
    1696: 'Ѩ',
    1728: 'Җ',
    1760: 'MМ',
    1792: 'ЉЊШЮӍ',
    1824: '@WЩ',
    1856: 'ѬѹҦ—',
    1888: 'ѠѼѾ',
    1952: '҉',
    2016: '҈',
    2112: '№',
    2144: 'Ѹ',
}
_BOLD: dict[int, str] = {
    448: ' ',
    480: "'",
    512: ',ijlіїј’‘',
    544: '.IІЇӀӏ·',
    576: ':;',
    608: '`',
    640: '()-f',
    672: '!J[]Ј',
    704: 't{}°',
    736: 'rгѓӷ',
    768: 'ґғӻ',
    800: 'zтҭ',
    832: 'sѕҁ',
    864: 'LcзсѯҙҫӟӶ',
    896: '"/\\ЃГэєҐҒӭӺ“”',
    928: 'Fxхҕӡӿ',
    960: '?Sgvy|Ѕуўүұӯӱӳ',
    992: 'EZkЀЁЕЗчҘӖӞӠӵ',
    1024: '#$*+0123456789<=>T^_ae~ТавекьяѐёќѮѵѷҍҬҳҹһӄӌӑӓӗәӛӽ–•×−≥≤€₸',
    1056: 'YҀҟҮҰ',
    1088: 'CPbdhnopquЄРСЭблопрџѣѳҎҏқҝҪҷӧөӫӬ«»',
    1120: 'KXЎУХЬнђћҔӈӮӰӲӾ',
    1152: 'BRЌБВКЧийцъѝҌҡҩҸҺӆӋӣӥӴ',
    1184: 'ЯдѧҞңӃӊ',
    1216: 'VѻҋҜҶӼ',
    1248: 'AАѴ҂ҲҵӐӒ',
    1280: 'DHЋЏЛНПѫҚҥҽҿӇ',
    1312: 'GЂЪѢҠ',
    1344: 'NUЍИЙЦѥѦҨӘӚӢӤ',
    1376: 'OДОфѲҢӅӉӦӨӪ',
    1408: 'QҊ',
    1440: '&',
    1472: 'ФмыѡѺѿӹ…',
    1504: '%жѪѱҤӂӎӝ',
    1536: 'wюҧҴ',
    1568: 'ш',
    1600: 'щљѤѩҗҼҾӔӕ',
    1632: 'ЫњѽӸ',
    1664: 'mѰ',
    1696: 'ЖӁӜ',
    1728: 'ѭ',
    1792: 'MМ',
    1824: 'ЉЊШѨҖ',
    1856: '@WЮӍ—',
    1888: 'ЩҦ',
    1952: 'ѠѬѹѼѾ҉',
    2016: '҈',
    2144: '№',
    2240: 'Ѹ',
}

UNITS_PER_EM = 2048
DIGIT_PX = 7  # Excel's column width unit: the widest digit of Calibri 11 at 96 dpi, in pixels
PADDING_PX = 5  # a column w characters wide is w * 7 + 5 pixels; the padding is not for text
LINE_HEIGHT = 15.0  # points per line of 11 pt text (Excel's default row height for Calibri 11)


def _table(groups: dict[int, str]) -> dict[str, int]:
    return {ch: width for width, chars in groups.items() for ch in chars}


_WIDTHS = {False: _table(_REGULAR), True: _table(_BOLD)}
_WIDEST = {bold: max(table.values()) for bold, table in _WIDTHS.items()}


@lru_cache(maxsize=65536)
def text_px(text: str, size: float = 11, bold: bool = False) -> float:
    """Printed width of one line of `text` in pixels at 96 dpi."""
    table, widest = _WIDTHS[bold], _WIDEST[bold]
    units = sum(table.get(ch, widest) for ch in text)
    return units / UNITS_PER_EM * size * 96 / 72


def column_px(width: float) -> float:
    """Room for text in a column `width` characters wide (Excel's unit), in pixels."""
    return width * DIGIT_PX + PADDING_PX - 2  # LibreOffice and Excel keep about a pixel each side


def fits(text: str, width: float, size: float = 11, bold: bool = False) -> bool:
    """True if `text` fits on one line of a column `width` characters wide."""
    return text_px(text, size, bold) <= column_px(width)


def widest_word_px(text: str, size: float = 11, bold: bool = False) -> float:
    """The widest word of `text`: a column narrower than this splits a word in the middle when wrapping."""
    return max((text_px(word, size, bold) for word in str(text).split()), default=0.0)


def wrapped_lines(text: str, width: float, size: float = 11, bold: bool = False) -> int:
    """Lines `text` takes wrapped in a column `width` characters wide (greedy, at spaces, as Excel wraps);
    a word wider than the column is split, taking as many lines as it needs."""
    room = max(column_px(width), 1.0)
    space = text_px(" ", size, bold)
    total = 0
    for paragraph in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            w = text_px(word, size, bold)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                lines += 1
            while w > room:  # a word wider than the column: Excel breaks it
                w -= room
                lines += 1
            used = w
        total += lines
    return total


@lru_cache(maxsize=8192)
def estimate_height(text: str, width: float, size: float = 11, bold: bool = False) -> float:
    """Row height (points) that shows wrapped `text` in a column `width` characters wide. Remembered: most
    texts of our sheets (headings, indicator titles) are the same in every file of a batch."""
    return wrapped_lines(text, width, size, bold) * LINE_HEIGHT * size / 11 + 2
