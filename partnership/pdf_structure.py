"""A PDF's accessibility structure read back, for tests and the bench: whether it is tagged, its
language and title, its headings (level and text), its table header cells, its figures'
alternative text, its bookmarks and its page count.

The words of a tagged PDF are in its pages' content streams, inside marked-content sequences
(`/Span <</MCID 3>> BDC ... EMC`); a structure element names the sequences it holds by their
MCIDs and page. So each page's content stream (and the form XObjects it draws) is read once,
decoding the text with each font's /ToUnicode map, into the text of every (page, MCID), and an
element's text is that of its MCIDs in structure-tree order, or its /ActualText where it has one.
Pure pikepdf: no Django."""

import io
import re
from dataclasses import dataclass

import pikepdf

HEADING = re.compile(r"^/H([1-6])$")
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
RANGE_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
IDENTITY = (1, 0, 0, 1, 0, 0)
ARTIFACT = "artifact"  # on the stack of marked-content sequences, in place of an MCID


@dataclass(frozen=True)
class PdfStructure:
    tagged: bool  # /MarkInfo /Marked true and a /StructTreeRoot
    lang: str  # the catalog's /Lang
    title: str  # the document information's /Title (or the XMP dc:title)
    headings: list[tuple[int, str]]  # (level, text) of each H1..H6, in reading order
    header_cells: list[str]  # the text of each TH
    tables: list[list[str]]  # for each Table, the text of the TH cells in it
    figures: list[str]  # each Figure's /Alt, "" where it has none
    bookmarks: list[str]  # outline titles, depth first
    page_count: int


def structure(pdf_bytes: bytes) -> PdfStructure:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root
        tree_root = root.get("/StructTreeRoot")
        mark_info = root.get("/MarkInfo")
        marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
        headings, header_cells, tables, figures = [], [], [], []
        if tree_root is not None:
            reader = TreeReader(pdf, tree_root)
            for kind, element in reader.elements(tree_root):
                if match := HEADING.match(kind):
                    headings.append((int(match[1]), reader.text(element)))
                elif kind == "/TH":
                    header_cells.append(reader.text(element))
                elif kind == "/Table":
                    tables.append([reader.text(th) for inner, th in reader.elements(element) if inner == "/TH"])
                elif kind == "/Figure":
                    figures.append(str(element.get("/Alt", "")))
        return PdfStructure(
            tagged=marked and tree_root is not None,
            lang=str(root.get("/Lang", "")),
            title=document_title(pdf),
            headings=headings,
            header_cells=header_cells,
            tables=tables,
            figures=figures,
            bookmarks=bookmark_titles(pdf),
            page_count=len(pdf.pages),
        )


def document_title(pdf: pikepdf.Pdf) -> str:
    title = pdf.docinfo.get("/Title") if pdf.trailer.get("/Info") is not None else None
    if title is not None:
        return str(title)
    with pdf.open_metadata() as metadata:
        return str(metadata.get("dc:title", ""))


def bookmark_titles(pdf: pikepdf.Pdf) -> list[str]:
    def walk(items):
        for item in items:
            yield item.title
            yield from walk(item.children)

    with pdf.open_outline() as outline:
        return list(walk(outline.root))


class TreeReader:
    """The structure elements of one PDF in reading order, and their text."""

    def __init__(self, pdf: pikepdf.Pdf, tree_root: pikepdf.Dictionary):
        self.pdf = pdf
        self.tree_root = tree_root
        self.page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        role_map = tree_root.get("/RoleMap")
        self.role_map = {str(k): str(v) for k, v in role_map.items()} if role_map is not None else {}
        self._texts = None

    def kind(self, element) -> str:
        """The element's standard structure type, through the /RoleMap (custom types name one)."""
        kind = str(element.get("/S", ""))
        for _ in range(10):  # a role map may chain, and could loop
            if kind not in self.role_map:
                break
            kind = self.role_map[kind]
        return kind

    def elements(self, node):
        """(kind, element) for every structure element under `node`, depth first."""
        seen = set()

        def walk(node):
            for kid in kids(node):
                if is_element(kid) and mark_seen(kid, seen):
                    yield self.kind(kid), kid
                    yield from walk(kid)

        yield from walk(node)

    def text(self, element) -> str:
        """The element's words: its /ActualText, or the text of its marked content in tree order,
        a space put between pieces on different lines (a line break ends a word)."""
        pieces = list(self.pieces(element, self.page_of(element, None), set()))
        joined = ""
        previous_line = None
        for line, text in pieces:
            if previous_line is not None and line != previous_line and joined and not joined[-1].isspace():
                if text and not text[0].isspace():
                    joined += " "
            joined += text
            previous_line = line
        return " ".join(joined.split())

    def pieces(self, element, page, seen):
        if "/ActualText" in element:
            yield None, str(element.ActualText)
            return
        for kid in kids(element):
            if isinstance(kid, int):
                yield from self.marked_text((page, kid))
            elif isinstance(kid, pikepdf.Dictionary):
                kid_type = kid.get("/Type")
                if kid_type == "/MCR":
                    stream = kid.get("/Stm")
                    key = stream.objgen if stream is not None else self.page_of(kid, page)
                    yield from self.marked_text((key, int(kid.MCID)))
                elif kid_type != "/OBJR" and is_element(kid) and mark_seen(kid, seen):
                    yield from self.pieces(kid, self.page_of(kid, page), seen)

    def page_of(self, node, inherited):
        page = node.get("/Pg")
        return self.page_index.get(page.objgen, inherited) if page is not None else inherited

    def marked_text(self, key):
        if self._texts is None:
            self._texts = {}
            for index, page in enumerate(self.pdf.pages):
                ContentReader(self._texts, index).read(page.obj, page.obj.get("/Resources"), IDENTITY, [])
        return self._texts.get(key, [])


def kids(node) -> list:
    kid = node.get("/K")
    if kid is None:
        return []
    if isinstance(kid, pikepdf.Array):
        return [int(k) if isinstance(k, int) else k for k in kid]
    return [int(kid) if isinstance(kid, int) else kid]


def is_element(node) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node and node.get("/Type") in (None, "/StructElem")


def mark_seen(node, seen: set) -> bool:
    """False for an indirect object met before (a malformed tree may share or loop)."""
    if not node.is_indirect:
        return True
    if node.objgen in seen:
        return False
    seen.add(node.objgen)
    return True


# --- text in the content streams ----------------------------------------------------------------


def multiply(m, n):
    """The affine matrix m then n, as PDF writes them (a b c d e f)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


class ContentReader:
    """Collects {(page, MCID): [(line, text)]} from a page's content, and under (stream, MCID) as
    well for content in a form XObject (a /MCR may name it by /Stm). `line` is where the text's line
    starts on the page (rounded), so the reader can tell a line break from two pieces of one line."""

    def __init__(self, texts: dict, page_index: int):
        self.texts = texts
        self.page_index = page_index
        self.fonts = {}

    def read(self, stream, resources, ctm, marked: list, stream_key=None, depth=0):
        resources = resources if resources is not None else pikepdf.Dictionary()
        saved, line_matrix, font = [], IDENTITY, None
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op == "q":
                saved.append(ctm)
            elif op == "Q" and saved:
                ctm = saved.pop()
            elif op == "cm":
                ctm = multiply(tuple(float(x) for x in operands), ctm)
            elif op in ("BDC", "BMC"):
                properties = operands[1] if op == "BDC" and len(operands) > 1 else None
                if isinstance(properties, pikepdf.Name):  # named in the resources' /Properties
                    properties = resources.get("/Properties", {}).get(properties)
                mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                if operands[0] == "/Artifact":
                    marked.append(ARTIFACT)
                else:
                    marked.append(int(mcid) if mcid is not None else None)
            elif op == "EMC" and marked:
                marked.pop()
            elif op == "BT":
                line_matrix = IDENTITY
            elif op == "Tm":
                line_matrix = tuple(float(x) for x in operands)
            elif op in ("Td", "TD"):
                line_matrix = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line_matrix)
            elif op in ("T*", "'", '"'):
                # the leading is not tracked: any move down is a new line, which is all that counts
                line_matrix = multiply((1, 0, 0, 1, 0, -1), line_matrix)
            elif op == "Tf":
                font = self.font(resources, operands[0])
            if op in ("Tj", "TJ", "'", '"'):
                strings = operands[-1] if op == "TJ" else [operands[-1]]
                text = "".join(font.decode(bytes(s)) for s in strings if isinstance(s, pikepdf.String)) if font else ""
                self.add(marked, stream_key, multiply(line_matrix, ctm), text)
            elif op == "Do" and depth < 10:
                xobject = resources.get("/XObject", {}).get(operands[0])
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
                    inner = xobject.get("/Resources", resources)
                    self.read(xobject, inner, multiply(matrix, ctm), marked, xobject.objgen, depth + 1)

    def add(self, marked, stream_key, matrix, text):
        if ARTIFACT in marked:  # page furniture (a stamped footer): no element's text, whatever it marks inside
            return
        mcid = next((m for m in reversed(marked) if m is not None), None)
        if mcid is None or not text:
            return
        line = round(matrix[5])  # the height of the baseline on the page
        self.texts.setdefault((self.page_index, mcid), []).append((line, text))
        if stream_key is not None:
            self.texts.setdefault((stream_key, mcid), []).append((line, text))

    def font(self, resources, name):
        font = resources.get("/Font", {}).get(name)
        if font is None:
            return None
        key = font.objgen if font.is_indirect else id(font)
        if key not in self.fonts:
            self.fonts[key] = FontDecoder(font)
        return self.fonts[key]


class FontDecoder:
    """A font's character codes to Unicode: its /ToUnicode CMap (bfchar and bfrange entries); two
    bytes a code for a composite (Type0) font, one for a simple font, read as Latin-1 when unmapped."""

    def __init__(self, font: pikepdf.Dictionary):
        self.code_length = 2 if font.get("/Subtype") == "/Type0" else 1
        to_unicode = font.get("/ToUnicode")
        self.map = cmap(to_unicode.read_bytes()) if isinstance(to_unicode, pikepdf.Stream) else {}

    def decode(self, data: bytes) -> str:
        n = self.code_length
        codes = [int.from_bytes(data[i : i + n], "big") for i in range(0, len(data) - n + 1, n)]
        fallback = (lambda code: chr(code)) if n == 1 else (lambda code: "\ufffd")
        return "".join(self.map.get(code) or fallback(code) for code in codes)


def utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in BFCHAR.findall(data):
        values = HEX.findall(block)
        for source, target in zip(values[::2], values[1::2], strict=False):
            mapping[int(source, 16)] = utf16(target)
    for block in BFRANGE.findall(data):
        for low, high, target in RANGE_ENTRY.findall(block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for code, each in zip(range(low, high + 1), HEX.findall(target), strict=False):
                    mapping[code] = utf16(each)
            else:
                first = bytes.fromhex(target[1:-1].decode())
                for offset, code in enumerate(range(low, high + 1)):
                    # the last byte counts up through the range
                    last = first[:-1] + bytes([(first[-1] + offset) % 256]) if first else b""
                    mapping[code] = last.decode("utf-16-be", errors="replace")
    return mapping
