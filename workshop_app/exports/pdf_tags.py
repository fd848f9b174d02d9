"""Tagged PDF (PDF/UA-1) and PDF/A-2b for the fpdf2 exports.

fpdf2 writes PDF/A through its public ``enforce_compliance`` option, but it has no public
API for a logical structure (it tags only images and outline entries). ``Tagger`` takes the
place of fpdf2's structure tree builder: the writers open structure elements (``H1``, ``P``,
``Table``, ``TR``, ``TH``, ``TD``, ``Figure`` …) around what they draw, mark every drawn text
as content of the open element (``/TD <</MCID n>> BDC … EMC``) and everything decorative
(borders, fills, swatches, the running footer) as ``/Artifact``. fpdf2 then serialises our
objects where it would serialise its own (``struct_builder``), links ``/StructTreeRoot`` and
``/MarkInfo <</Marked true>>`` from the catalog and writes ``/StructParents`` on each page.

This relies on two fpdf2 internals (``FPDF.struct_builder`` and ``FPDF._out``), which is why
``pyproject.toml`` pins fpdf2 below 2.9 — see docs/documents/README.md for why WeasyPrint
(which has all of this publicly) was measured and not chosen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.output import PDFICCProfile
from fpdf.prefs import ViewerPreferences
from fpdf.syntax import PDFObject, PDFString

if TYPE_CHECKING:
    from fpdf.encryption import StandardSecurityHandler

__all__ = ["COMPLIANCE", "Tagger", "setup_archive"]

COMPLIANCE = "PDF/A-2B"


class _Elem(PDFObject):
    """A structure element; its kids are elements or (page, MCID) marked-content references."""

    def __init__(self, tagger: Tagger, role: str, parent: PDFObject, *, alt: str | None = None,
                 attributes: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self.tagger, self.role, self.parent = tagger, role, parent
        self.alt, self.attributes = alt, attributes
        self.kids: list[_Elem | tuple[int, int]] = []

    def serialize(self, obj_dict: dict[str, object] | None = None,
                  _security_handler: StandardSecurityHandler | None = None) -> str:
        """The dictionary written directly: a big table has tens of thousands of these."""
        entries = " ".join(f"{key} {value}" for key, value in self._build_obj_dict().items())
        return f"{self.id} 0 obj\n<<{entries}>>\nendobj"

    def _build_obj_dict(self, security_handler: StandardSecurityHandler | None = None) -> dict[str, object]:
        pages = self.tagger.pdf.pages
        out: dict[str, object] = {"/Type": "/StructElem", "/S": f"/{self.role}", "/P": self.parent.ref}
        marked = {kid[0] for kid in self.kids if isinstance(kid, tuple)}
        kids = []
        for kid in self.kids:
            if isinstance(kid, _Elem):
                kids.append(kid.ref)
            elif len(marked) == 1:
                kids.append(str(kid[1]))
            else:  # content on several pages: each reference names its page
                kids.append(f"<</Type /MCR /Pg {pages[kid[0]].ref} /MCID {kid[1]}>>")
        if len(marked) == 1:
            out["/Pg"] = pages[next(iter(marked))].ref
        out["/K"] = f"[{' '.join(kids)}]"
        if self.alt is not None:
            out["/Alt"] = PDFString(self.alt).serialize()
        if self.attributes:
            out["/A"] = self.attributes
        return out


class _Root(PDFObject):
    def __init__(self, tagger: Tagger) -> None:
        super().__init__()
        self.tagger = tagger

    def _build_obj_dict(self, security_handler: StandardSecurityHandler | None = None) -> dict[str, object]:
        t = self.tagger
        return {"/Type": "/StructTreeRoot", "/K": t.document.ref, "/ParentTree": t.parent_tree.ref,
                "/ParentTreeNextKey": str(len(t.keys))}  # fmt: skip


class _ParentTree(PDFObject):
    """Number tree: a page's ``/StructParents`` key → the element of each of its MCIDs."""

    def __init__(self, tagger: Tagger) -> None:
        super().__init__()
        self.tagger = tagger

    def _build_obj_dict(self, security_handler: StandardSecurityHandler | None = None) -> dict[str, object]:
        t = self.tagger
        nums = " ".join(
            f"{key} [{' '.join(e.ref for e in t.owners[page])}]" for page, key in t.keys.items()
        )
        return {"/Nums": f"[{nums}]"}


class _NoPages:
    k: tuple[()] = ()  # fpdf2 sets /Pg on these; ours carry their own


class Tagger:
    """The structure tree of one ``FPDF``; installs itself as its structure builder."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.root = _Root(self)
        self.parent_tree = _ParentTree(self)
        self.document = _Elem(self, "Document", self.root)
        self.elements: list[_Elem] = [self.document]
        self._open: list[_Elem] = [self.document]
        self.keys: dict[int, int] = {}  # page number -> /StructParents key
        self.owners: dict[int, list[_Elem]] = {}  # page number -> element of MCID i
        self.doc_struct_elem = _NoPages()
        pdf.struct_builder = self  # type: ignore[assignment]  # fpdf2 internal, see module doc

    # -- what fpdf2's output code asks of its structure builder
    def empty(self) -> bool:
        return False  # a document always has its root, so the catalog gets /MarkInfo

    def __iter__(self) -> Iterator[PDFObject]:
        yield self.root
        yield from self.elements
        yield self.parent_tree

    # -- for the writers
    def new(self, role: str, parent: _Elem | None = None, *, alt: str | None = None,
            attributes: str | None = None) -> _Elem:  # fmt: skip
        """A structure element, last child of ``parent`` (default: the open element)."""
        parent = parent or self._open[-1]
        elem = _Elem(self, role, parent, alt=alt, attributes=attributes)
        parent.kids.append(elem)
        self.elements.append(elem)
        return elem

    @contextmanager
    def element(self, role: str, *, alt: str | None = None,
                attributes: str | None = None) -> Iterator[_Elem]:  # fmt: skip
        """A structure element, child of the one open now, open until the block ends."""
        elem = self.new(role, alt=alt, attributes=attributes)
        self._open.append(elem)
        try:
            yield elem
        finally:
            self._open.pop()

    @contextmanager
    def content(self, elem: _Elem | None = None) -> Iterator[None]:
        """Mark what is drawn inside as content of ``elem`` (default: the open element)."""
        pdf, elem = self.pdf, elem or self._open[-1]
        page = pdf.page
        if page not in self.keys:
            self.keys[page] = len(self.keys)
            self.owners[page] = []
            pdf.pages[page].struct_parents = self.keys[page]
        mcid = len(self.owners[page])
        self.owners[page].append(elem)
        elem.kids.append((page, mcid))
        pdf._out(f"/{elem.role} <</MCID {mcid}>> BDC")  # noqa: SLF001
        try:
            yield
        finally:
            pdf._out("EMC")  # noqa: SLF001

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Decoration that is no content (borders, fills, page furniture)."""
        self.pdf._out("/Artifact BMC")  # noqa: SLF001
        try:
            yield
        finally:
            self.pdf._out("EMC")  # noqa: SLF001


TH_COLUMN = "<</O /Table /Scope /Column>>"
TH_ROW = "<</O /Table /Scope /Row>>"


@cache
def _srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# PDF/A-2 accepts only its predefined XMP schemas unless others are described: pdfuaid is not
# predefined, so its property is declared in a PDF/A extension schema.
_PDFUA_EXTENSION = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
    "<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)


def setup_archive(pdf: FPDF, *, title: str, author: str, language: str, created: datetime | None = None) -> None:
    """PDF/A-2b output intent and the XMP packet that claims PDF/A-2b and PDF/UA-1.

    ``pdf`` must have been created with ``enforce_compliance=COMPLIANCE``.
    """
    pdf.add_output_intent(
        OutputIntentSubType.PDFA,
        output_condition_identifier="sRGB IEC61966-2.1",
        registry_name="http://www.color.org",
        dest_output_profile=PDFICCProfile(contents=_srgb_profile(), n=3, alternate="DeviceRGB"),
        info="sRGB IEC61966-2.1",
    )
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_lang(language)
    moment = (created or datetime.now(UTC)).astimezone(UTC)
    pdf.set_creation_date(moment)
    stamp = moment.isoformat(timespec="seconds")
    pdf.set_xmp_metadata(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        "<pdfuaid:part>1</pdfuaid:part>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate><xmp:CreatorTool>Zielwerkstatt</xmp:CreatorTool>"
        "<pdf:Producer>Zielwerkstatt (fpdf2)</pdf:Producer>"
        "</rdf:Description>"
        + _PDFUA_EXTENSION
        + "</rdf:RDF></x:xmpmeta>"
    )
    pdf.set_creator("Zielwerkstatt")
    pdf.set_producer("Zielwerkstatt (fpdf2)")
