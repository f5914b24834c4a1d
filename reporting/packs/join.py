"""Joining a board pack's separately laid-out parts into one tagged PDF, with pikepdf.

WeasyPrint writes each part (the front: cover, contents and the footer pages; then one PDF per
share of the sections) as a tagged PDF: a structure tree (Document -> H1, P, Table/TR/TH/TD,
Figure with its /Alt) whose elements point at marked content on the pages through each page's
/StructParents number and the tree's /ParentTree. A plain page-by-page join keeps the drawing and
drops the tree, so a screen reader gets nothing. Here, for each part in pack order:

- its pages are copied into the pack (QPDF keeps one object map per source, so the structure
  elements copied afterwards point at the pack's copies of their pages);
- its Document's children become children of the pack's one Document, in order;
- its /ParentTree entries are renumbered after those already in the pack (pages' /StructParents and
  annotations' /StructParent with them).

The footers (page margin boxes, outside the structure tree) are stamped onto each section page as
an artifact, so assistive technology skips "Page 7 · Alpha Partnership" on every page, and the
outline is rebuilt from the bookmarks the layouts reported.
"""

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation


@dataclass
class Part:
    """A laid-out part: its PDF and the (first page index, page count) of each of its sections, in
    pack order, with each section's bookmarks (title, page within the section, x, y)."""

    pdf: bytes
    sections: list[tuple[int, int, list]]


def join_pack(front: bytes, front_pages: int, parts: list[Part], front_outline: list) -> tuple[bytes, int]:
    """The cover and contents (the first `front_pages` pages of `front`), then every section page
    with its footer (the following pages of `front`, one per section page, in order) stamped on.
    Returns the pack's PDF and its page count."""
    front_pdf = pikepdf.open(io.BytesIO(front))
    pack = pikepdf.new()
    copy_document_settings(front_pdf, pack)
    tree = Tree(pack)
    tree.add(front_pdf, range(front_pages))
    footers = iter(artifact_footer(front_pdf, page) for page in list(front_pdf.pages)[front_pages:])
    outline = list(front_outline)
    sources = [front_pdf]
    for part in parts:
        source = pikepdf.open(io.BytesIO(part.pdf))
        sources.append(source)
        indexes = [first + offset for first, count, _ in part.sections for offset in range(count)]
        start = len(pack.pages)
        tree.add(source, indexes)
        for page in list(pack.pages)[start:]:
            page.add_overlay(next(footers))
        for _first, count, marks in part.sections:
            outline += [(title, start + page, x, y) for title, page, x, y in marks]
            start += count
    tree.finish()
    write_outline(pack, outline)
    output = io.BytesIO()
    pack.save(output, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in sources:
        source.close()
    return output.getvalue(), len(pack.pages)


class Tree:
    """The pack's structure tree, assembled from each source's in turn."""

    def __init__(self, pack: pikepdf.Pdf):
        self.pack = pack
        self.document = pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.root = pack.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([self.document])))
        self.document.P = self.root
        self.nums = Array()
        self.next_key = 0
        self.role_map = Dictionary()

    def add(self, source: pikepdf.Pdf, page_indexes):
        """Copy the source's pages at `page_indexes` and the structure that belongs to them."""
        pages = list(source.pages)
        chosen = [pages[i] for i in page_indexes]
        root = source.Root.get("/StructTreeRoot")
        if root is None:  # an untagged source: its pages, without structure
            for page in chosen:
                self.pack.pages.append(page)
            return
        keys = {}  # the source's ParentTree key -> the pack's
        for page in chosen:
            self.renumber(page.obj, "/StructParents", keys)
            for annotation in page.obj.get("/Annots", []):
                self.renumber(annotation, "/StructParent", keys)
        kept = {page.obj.objgen for page in chosen}
        kids = [kid for kid in document_kids(root) if belongs_to(kid, kept)]
        for kid in kids:
            del kid["/P"]  # cut from the source's tree, so copying it does not copy that tree too
        for page in chosen:
            self.pack.pages.append(page)
        for kid in kids:
            copied = self.pack.copy_foreign(kid)
            copied.P = self.document
            self.document.K.append(copied)
        for key, value in parent_tree_entries(root.get("/ParentTree")):
            if key in keys:
                self.nums.extend([keys[key], self.copied(value)])
        for name, role in root.get("/RoleMap", Dictionary()).items():
            self.role_map[name] = role

    def copied(self, value):
        """A ParentTree value in the pack: a structure element, or a page's array of them."""
        if is_indirect(value):
            return self.pack.copy_foreign(value)
        if isinstance(value, Array):
            return Array([self.copied(item) for item in value])
        return value  # null: an MCID no element claims

    def renumber(self, obj, key: str, keys: dict):
        if key in obj:
            old = int(obj[key])
            if old not in keys:
                keys[old] = self.next_key
                self.next_key += 1
            obj[key] = keys[old]

    def finish(self):
        pairs = sorted(zip(self.nums[::2], self.nums[1::2], strict=True), key=lambda pair: int(pair[0]))
        nums = Array([item for pair in pairs for item in pair])
        self.root.ParentTree = self.pack.make_indirect(Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = self.role_map
        self.pack.Root.StructTreeRoot = self.root


def document_kids(root) -> list:
    """The top-level structure elements: the Document element's children (WeasyPrint writes one
    Document under the root), or the root's own."""
    kids = root.get("/K")
    kids = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
    if len(kids) == 1 and isinstance(kids[0], Dictionary) and kids[0].get("/S") == Name.Document:
        inner = kids[0].get("/K")
        return list(inner) if isinstance(inner, Array) else [inner] if inner is not None else []
    return kids


def belongs_to(element, page_objgens: set) -> bool:
    """Whether an element's first page (its own /Pg, or that of its first descendant with one) is
    among the kept pages. Elements with no page at all are kept."""
    page = first_page(element)
    return page is None or page in page_objgens


def first_page(element, depth=0):
    if not isinstance(element, Dictionary) or depth > 64:
        return None
    if "/Pg" in element:
        return element.Pg.objgen
    kids = element.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        found = first_page(kid, depth + 1)
        if found is not None:
            return found
    return None


def parent_tree_entries(node, depth=0):
    """(key, value) of a number tree, flattened (/Nums, and /Kids recursively)."""
    if node is None or depth > 32:
        return
    nums = node.get("/Nums", Array())
    for index in range(0, len(nums) - 1, 2):
        yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", Array()):
        yield from parent_tree_entries(kid, depth + 1)


def is_indirect(obj) -> bool:
    return isinstance(obj, pikepdf.Object) and obj.is_indirect


def artifact_footer(source: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Page:
    """The footer page with its marked content turned into artifacts (its tags referred to nothing
    in the pack's tree), so it can be stamped onto a section page."""
    instructions = pikepdf.parse_content_stream(page)
    rewritten = []
    for operands, operator in instructions:
        if str(operator) == "BDC":
            rewritten.append(pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC")))
        else:
            rewritten.append(pikepdf.ContentStreamInstruction(operands, operator))
    page.obj.Contents = source.make_stream(pikepdf.unparse_content_stream(rewritten))
    return page


def foreign(pack: pikepdf.Pdf, source: pikepdf.Pdf, obj):
    """`obj` of `source`, copied into `pack` (a direct dictionary or array is made indirect first,
    as QPDF copies only indirect objects between documents)."""
    if isinstance(obj, Dictionary | Array | pikepdf.Stream):
        return pack.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))
    return obj


def copy_document_settings(front: pikepdf.Pdf, pack: pikepdf.Pdf):
    """Language, the tagged flag, the title shown in the window, and the metadata."""
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in front.Root:
            pack.Root[key] = foreign(pack, front, front.Root[key])
    for key, value in front.docinfo.items():
        pack.docinfo[key] = value


def write_outline(pack: pikepdf.Pdf, outline: list):
    with pack.open_outline() as tree:
        tree.root.extend(
            OutlineItem(title, page, PageLocation.XYZ, left=x, top=y, zoom=0) for title, page, x, y in outline
        )
