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
from pathlib import Path
from typing import Any

from spacy.language import Language

from . import __version__, rules
from .document import Block, Document
from .entities import link_entities
from .enumerations import harmonise_lists
from .errors import BulletinError, InternalError
from .files import atomic_text
from .furniture_facts import furniture_mentions
from .ingest import read_document
from .json_writer import write_json
from .mention_draft import MentionDraft, ValuePool
from .models import Bulletin, Entity, FurnitureLine, LineBox, Mention, NerInfo, ProblemNote, Section, Source
from .nlp import load_pipeline
from .records import Records, assemble_records
from .segment import SectionLocator, segment_sections
from .validate import bulletin_fields, validate_bulletin

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
    report("read", 0, 1)
    with stage("ingest"):
        document = read_document(path, pdf_engine=pdf_engine, password=password, ocr=ocr)
    report("read", 1, 1)
    found = analyse(document, use_ner=use_ner, include_text=include_text, model_path=model_path,
                    progress=progress)
    with stage("write", passing=(OSError,)):
        return write_extraction(found, target, indent)


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
    sections: list[Section]
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
            sections=self.sections,
            mentions=(self.boxed(m) for m in self.mentions),
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
    with stage("segment"):
        sections = segment_sections(document)
    with stage("rules"):
        nlp = load_pipeline(use_ner=use_ner, model_path=model_path)
        found = find_mentions(nlp, document, report)
    with stage("lists"):
        mentions = harmonise_lists(document.text, found)
    report("assemble", 0, 1)
    with stage("assemble"):
        # anchor: every mention gets its id, page and innermost section (its boxes when validated)
        section_of = SectionLocator(sections)
        for i, m in enumerate(mentions):
            m.id = i
            m.page = document.page_at(m.start)
            m.section = section_of(m.start)
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


def find_mentions(nlp: Language, document: Document, progress: Progress = _no_progress) -> list[MentionDraft]:
    """Rules on the raw text, then the NER model, chunk by chunk; offsets shifted back to the text.

    The rule finders read characters, so only the model gets a tokenized Doc; it carries
    the rules' mentions, which the model's hits never override. The model reads
    `MODEL_BATCH` chunks at a time (see there); only one batch's Docs are alive at once,
    so memory does not grow with the file; the finders' mentions are kept as drafts
    (`MentionDraft`, equal values shared), so only one batch's output models are alive
    at once.
    """
    use_model = any(name not in rules.COMPONENTS for name in nlp.pipe_names)
    mentions: list[MentionDraft] = []
    values = ValuePool()
    chunks = list(_chunks(document))
    for first in range(0, len(chunks), MODEL_BATCH):
        batch = chunks[first : first + MODEL_BATCH]
        found = [rules.find_all(text) for _offset, text in batch]
        if use_model:
            found = _model_mentions(nlp, [text for _offset, text in batch], found)
        for done, ((offset, _text), chunk_found) in enumerate(zip(batch, found, strict=True), first + 1):
            progress("analyse", done, len(chunks))
            for m in chunk_found:
                draft = MentionDraft.of(m, values)
                draft.start += offset
                draft.end += offset
                mentions.append(draft)
    return mentions


#: Chunks the model reads together (`Language.pipe`). Its greedy decoder takes one step
#: per token for every Doc of a batch at once: one small matrix product per step for
#: the whole batch instead of one per chunk, so the per-step overhead is shared
#: (make bench, 80 pages: the model ~20% faster at 8 than at 1). The Docs of a batch are
#: independent: each chunk gets the same entities whatever the batch size.
MODEL_BATCH = 8


def _model_mentions(nlp: Language, texts: list[str], claimed: list[list[Mention]]) -> list[list[Mention]]:
    """Each text's rule mentions with the model's names joined (the NER components, rules skipped)."""
    docs = []
    for text, mentions in zip(texts, claimed, strict=True):
        doc = nlp.make_doc(text)
        doc._.mentions = mentions
        doc._.text = text
        docs.append(doc)
    return [list(doc._.mentions or []) for doc in nlp.pipe(docs, batch_size=len(docs), disable=rules.COMPONENTS)]


def _chunks(document: Document) -> Iterator[tuple[int, str]]:
    blocks: list[Block] = document.blocks
    text = document.text
    if not blocks:
        if text.strip():
            yield 0, text
        return
    start = blocks[0].start
    end = start
    for block in blocks:
        if block.end - start > CHUNK_CHARS and end > start:
            yield start, text[start:end]
            start = block.start
        end = block.end
    yield start, text[start:end]


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


__all__ = ["Extraction", "__version__", "analyse", "extract", "extract_document", "extract_to_json", "stage",
           "write_extraction"]
