"""The whole flow, top to bottom:

    ingest -> segment -> rules + ner (spaCy) -> lists -> anchor -> assemble -> validate -> write

`analyse` runs the stages up to assembly into an `Extraction`; then either every record
is validated into one `Bulletin` (`extract`, the Python API: the whole output in memory),
or each is validated as it is written to the JSON file and dropped (`extract_to_json`,
the command line's path: memory does not grow with the output).

Page furniture (running headers/footers, set apart by ingest) stays out of the text,
sections, records and NER; after the records, the value finders read it and its facts
join the mentions, anchored in their furniture line (`furniture_facts`).

Each stage is a function of the previous stage's output; nothing reaches back. Writers
(JSON here, CSV/JSONL in batch, HTML in report) only read validated records.

Every stage runs under one guard, `stage(NAME)`: the errors a user can act on
(`BulletinError`) pass through as they are; anything else (a bug, a library failing on
an odd file) becomes `InternalError` "internal error in NAME: Type: message", one line
for the user with the traceback kept for `--debug`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from . import __version__, rules
from .document import Block, Document
from .entities import link_entities
from .enumerations import harmonise_lists
from .errors import BulletinError, InternalError
from .files import atomic_text
from .furniture_facts import furniture_mentions
from .heap import give_back
from .ingest import read_document
from .json_writer import write_json
from .mention_draft import MentionDraft, ValuePool
from .models import Bulletin, Entity, FurnitureLine, LineBox, Mention, NerInfo, ProblemNote, Source
from .nlp import load_pipeline
from .records import Records, assemble_records
from .segment import SectionDraft, SectionLocator, segment_sections
from .validate import bulletin_fields, validate_bulletin

if TYPE_CHECKING:
    from .ner import NameMentions

#: progress(stage, done, total): called as a long document moves through the stages.
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@contextmanager
def stage(name: str, passing: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """The one guard around every stage: unexpected errors become InternalError(name);
    `passing` errors are expected ones the caller reports (the output file's OSError)."""
    try:
        yield
    except BulletinError:
        raise
    except passing:
        raise
    except Exception as err:  # the point of the guard: no traceback reaches the user
        raise InternalError.wrap(name, err) from err


#: Text is fed to spaCy in chunks of whole blocks, so memory stays flat on long files.
CHUNK_CHARS = 20_000


def extract(
    path: str | Path,
    *,
    use_ner: bool = True,
    pdf_engine: str = "auto",
    password: str | None = None,
    ocr: str = "auto",
    include_text: bool = False,
    model_path: str | None = None,
    progress: Progress | None = None,
) -> Bulletin:
    """Extract one bulletin (PDF, text or markdown) into the validated output model."""
    report = progress or _no_progress
    preload(use_ner, model_path)
    report("read", 0, 1)
    with stage("ingest"):
        document = read_document(path, pdf_engine=pdf_engine, password=password, ocr=ocr)
    report("read", 1, 1)
    return extract_document(
        document, use_ner=use_ner, include_text=include_text, model_path=model_path, progress=progress
    )


def extract_document(
    document: Document,
    *,
    use_ner: bool = True,
    include_text: bool = False,
    model_path: str | None = None,
    progress: Progress | None = None,
) -> Bulletin:
    """The validated Bulletin of a document read by ingest: every record in memory at once
    (the Python API's shape); `write_extraction` is the path whose memory stays flat."""
    found = analyse(document, use_ner=use_ner, include_text=include_text, model_path=model_path,
                    progress=progress)
    with stage("validate"):
        return found.bulletin()


def extract_to_json(
    path: str | Path,
    target: Path,
    *,
    indent: int | None = 2,
    use_ner: bool = True,
    pdf_engine: str = "auto",
    password: str | None = None,
    ocr: str = "auto",
    include_text: bool = False,
    model_path: str | None = None,
    progress: Progress | None = None,
) -> list[ProblemNote]:
    """Extract one bulletin straight into the JSON file `target` (what `extract` then
    `files.bulletin_json` would write, byte for byte), never holding the whole output;
    returns the warnings the JSON ends with. The file appears only when complete."""
    report = progress or _no_progress
    preload(use_ner, model_path)
    report("read", 0, 1)
    with stage("ingest"):
        document = read_document(path, pdf_engine=pdf_engine, password=password, ocr=ocr)
    report("read", 1, 1)
    found = analyse(document, use_ner=use_ner, include_text=include_text, model_path=model_path,
                    progress=progress)
    with stage("write", passing=(OSError,)):
        return write_extraction(found, target, indent)


def preload(use_ner: bool = True, model_path: str | None = None) -> None:
    """Load the spaCy pipeline (and model) before the file is read, as batch workers and
    the service do at start: what lives for the whole process is then allocated first,
    and the memory ingest frees (every page's lines, held until the running headers are
    known) is reused by the later stages instead of lying under them. make bench, peak
    RSS: 500 pages 206 -> 196 MiB, 80 pages 149 -> 152 MiB. Loading is cached per process;
    a file that cannot be read now fails after the load (~0.3 s), not before it."""
    with stage("rules"):
        load_pipeline(use_ner=use_ner, model_path=model_path)


def write_extraction(found: Extraction, target: Path, indent: int | None = 2) -> list[ProblemNote]:
    """Validate and write each record in turn (json_writer); returns the warnings written."""
    fields = found.fields()
    warnings: list[ProblemNote] = []

    def kept_warnings() -> Iterator[tuple[str, Any]]:
        for name, value in fields:
            if name == "warnings":
                warnings.extend(value)
            yield name, value

    with atomic_text(target) as out:
        write_json(kept_warnings(), out, indent)
    return warnings


@dataclass
class Extraction:
    """Every stage's output for one document, before validation and output.

    Mentions are held as drafts (`MentionDraft`: a fraction of the output model's
    memory) and become output `Mention`s, with their boxes from the document's line
    spans, only when they are validated (`boxed`): one at a time while the JSON is
    written, all of them when the whole Bulletin is built.
    """

    document: Document
    sections: list[SectionDraft]
    mentions: list[MentionDraft]
    records: Records
    organisations: list[Entity]
    people: list[Entity]
    places: list[Entity]
    ner: NerInfo
    furniture: list[FurnitureLine]
    include_text: bool

    def boxed(self, m: MentionDraft) -> Mention:
        """The output mention of a draft; a furniture mention keeps the box of its running line."""
        return m.as_mention(boxes=self.document.boxes_at(m.start, m.end) if m.furniture is None else None)

    def fields(self) -> Iterator[tuple[str, Any]]:
        """The Bulletin's fields in order (validate.bulletin_fields), each mention made
        an output `Mention` only when it is asked for."""
        document = self.document
        return bulletin_fields(
            source=_source(document),
            sections=(s.as_section() for s in self.sections),
            mentions=self.mentions,
            mention_of=self.boxed,
            records=self.records,
            organisations=self.organisations,
            people=self.people,
            places=self.places,
            ner=self.ner,
            warnings=[*document.warnings, *_empty_warning(document)],
            text=document.text if self.include_text else None,
            furniture=self.furniture,
        )

    def bulletin(self) -> Bulletin:
        return validate_bulletin(self.fields())


def analyse(
    document: Document,
    *,
    use_ner: bool = True,
    include_text: bool = False,
    model_path: str | None = None,
    progress: Progress | None = None,
) -> Extraction:
    """segment -> rules + ner -> lists -> anchor -> assemble: everything but validation and output."""
    report = progress or _no_progress
    give_back()  # what reading the pages freed (heap.py: the large buffers stay resident otherwise)
    with stage("segment"):
        sections = segment_sections(document)
    with stage("rules"):
        nlp = load_pipeline(use_ner=use_ner, model_path=model_path)
        found = find_mentions(nlp, document, report)
    give_back()  # and what the model's working memory freed
    with stage("lists"):
        mentions = harmonise_lists(document.text, found)
    report("assemble", 0, 1)
    with stage("assemble"):
        # anchor: every mention gets its id, page and innermost section (its boxes when validated)
        section_of = SectionLocator(sections)
        numbers = ValuePool()  # a page or section number is one object, however many mentions hold it
        for i, m in enumerate(mentions):
            m.id = i
            m.page = numbers.number(document.page_at(m.start))
            section = section_of(m.start)
            m.section = None if section is None else numbers.number(section)
        if document.ocr_pages:  # a fact read by OCR is only as sure as its words
            from .ingest.ocr import ocr_confidence

            ocr_confidence(document, mentions)
        records = assemble_records(document, sections, mentions)
        organisations, people, places = link_entities(mentions)
        furniture = furniture_output(document)
        mentions += map(MentionDraft.of, furniture_mentions(furniture, first_id=len(mentions)))
    return Extraction(
        document=document,
        sections=sections,
        mentions=mentions,
        records=records,
        organisations=organisations,
        people=people,
        places=places,
        ner=NerInfo(
            enabled=use_ner,
            model=model_info(nlp) if use_ner else None,
            note=None if use_ner else "run with --no-ner: organisations, people and places come from rules and the gazetteer only",
        ),
        furniture=furniture,
        include_text=include_text,
    )


#: Every this many chunks (~160,000 characters) `find_mentions` gives the C heap's free pages
#: back (heap.py): each chunk's model buffers and the finders' output models are freed
#: between the drafts that pile up, and glibc kept those holes resident; 500 pages peaked
#: at 168.5-169.5 MiB without, 165.9-167.8 with (80 pages 141.3 -> 140.4-140.9), ~5 ms a call.
TRIM_EVERY = 8


def find_mentions(nlp: Language, document: Document, progress: Progress = _no_progress) -> list[MentionDraft]:
    """Rules on the raw text, then the NER model, chunk by chunk; offsets shifted back to the text.

    The rule finders read characters, so only the model gets tokenized Docs; its hits
    never override the rules' mentions. One chunk's Docs are alive
    at a time, so memory does not grow with the file; the finders' mentions are kept
    as drafts (`MentionDraft`, equal values shared), so only one chunk's output models
    are alive at once.
    """
    use_model = any(name not in rules.COMPONENTS for name in nlp.pipe_names)
    mentions: list[MentionDraft] = []
    values = ValuePool()
    chunks = _chunks(document)
    for i, (offset, text, cuts) in enumerate(chunks):
        found = rules.find_all(text)
        if use_model:
            found = _model_mentions(nlp, text, found, cuts)
        progress("analyse", i + 1, len(chunks))
        if i % TRIM_EVERY == TRIM_EVERY - 1:
            give_back()
        for m in found:
            draft = MentionDraft.of(m, values)
            draft.start += offset
            draft.end += offset
            mentions.append(draft)
    return mentions


#: The model reads a chunk in pieces of whole blocks up to this many characters, all the
#: pieces of a chunk in one `Language.pipe` batch. spaCy's greedy decoder steps every Doc
#: of a batch together (one small matrix product per step for the batch instead of one
#: per Doc): the same tokens cost less read as several pieces than as one Doc, and the
#: batch holds no more tokens than the chunk (the model's working memory grows with the
#: tokens of a batch, ~15 KB each). The mention component then reads the pieces as one
#: chunk (`ner.NameMentions.read`): its evidence (a word's use elsewhere in the chunk,
#: lists) is the chunk's.
PIECE_CHARS = 2_500


def _model_mentions(nlp: Language, text: str, claimed: list[Mention], cuts: list[int]) -> list[Mention]:
    """The rules' mentions with the model's names joined (the NER components, rules skipped).

    `cuts` are the offsets of `text` where a piece starts (whole blocks, see _chunks).
    """
    bounds = list(pairwise([0, *cuts, len(text)]))
    pieces = [nlp.make_doc(text[a:b]) for a, b in bounds]
    read = nlp.get_pipe("ner").pipe(pieces, batch_size=len(pieces))  # type: ignore[attr-defined]
    from .ner import MENTION_COMPONENT  # loaded with the model

    names: NameMentions = nlp.get_pipe(MENTION_COMPONENT)  # type: ignore[assignment]
    return names.read(text, [(a, b, doc) for (a, b), doc in zip(bounds, read, strict=True)], claimed)


class _Chunks:
    """(offset, text, cuts) of each chunk, in order; a chunk's text is cut from the
    document's only when it is read, so the chunks never hold a second copy of a long
    document's text (3.7 MiB for 500 pages) while its mentions are found."""

    def __init__(self, text: str, spans: list[tuple[int, int, list[int]]]) -> None:
        self._text, self._spans = text, spans

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[tuple[int, str, list[int]]]:
        for offset, end, cuts in self._spans:
            yield offset, self._text[offset:end], cuts


def _chunks(document: Document) -> _Chunks:
    """(offset, text, cuts) of each chunk: a run of whole blocks up to CHUNK_CHARS long,
    and the offsets in it where a run of whole blocks up to PIECE_CHARS long starts
    (where the model reads it in pieces)."""
    blocks: list[Block] = document.blocks
    text = document.text
    if not blocks:
        return _Chunks(text, [(0, len(text), [])] if text.strip() else [])
    spans = []
    for run in _block_runs(blocks, CHUNK_CHARS):
        offset = run[0].start
        cuts = [piece[0].start - offset for piece in _block_runs(run, PIECE_CHARS)[1:]]
        spans.append((offset, run[-1].end, cuts))
    return _Chunks(text, spans)


def _block_runs(blocks: list[Block], limit: int) -> list[list[Block]]:
    """Consecutive blocks in runs at most `limit` characters long (a longer block is a run
    of its own)."""
    runs: list[list[Block]] = [[]]
    for block in blocks:
        if runs[-1] and block.end - runs[-1][0].start > limit:
            runs.append([])
        runs[-1].append(block)
    return runs


def furniture_output(document: Document) -> list[FurnitureLine]:
    """The document's running lines as the output reports them (text, page and box)."""
    return [
        FurnitureLine(text=f.text, box=LineBox(page=f.box.page, x0=round(f.box.x0, 2), top=round(f.box.top, 2),
                                               x1=round(f.box.x1, 2), bottom=round(f.box.bottom, 2)))
        for f in document.furniture
    ]


def _empty_warning(document: Document) -> list[ProblemNote]:
    """An empty file is a valid (empty) bulletin, but the user should hear it was empty."""
    if document.text.strip():
        return []
    return [ProblemNote(code="empty_document", message=f"{document.path}: no text found (empty document)",
                        stage="ingest")]


def model_info(nlp: Language) -> str | None:
    meta = nlp.meta.get("bulletin_extract_ner")
    return str(meta) if meta else None


def _source(document: Document) -> Source:
    return Source(
        path=document.path,
        sha256=document.sha256,
        format=document.format,
        pages=document.pages,
        encoding=document.encoding,
        engine=document.engine,
        size_bytes=document.size_bytes,
        ocr_pages=document.ocr_pages,
    )


__all__ = ["Extraction", "__version__", "analyse", "extract", "extract_document", "extract_to_json", "preload",
           "stage", "write_extraction"]
