"""partnership.html_tokenizer_cache: tinyhtml5's character-run patterns are built once and the
tokenizer reads a document exactly as it did without the cache."""

import tinyhtml5
from tinyhtml5 import inputstream

import partnership.pdf  # noqa: F401  (installs the cache, as every PDF does)
from partnership.html_tokenizer_cache import CharactersUntilRegex

DOCUMENT = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Q2 &amp; Q3</title></head><body>'
    '<table><tr><td class="num" data-x=\'a"b\'>1,234.5</td><td>café &lt; 5 &#163;</td></tr></table>'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Trend</title>'
    '<polyline points="0,1 2,3"/></svg><p>end\u00a0of <b>it</b></p></body></html>'
)


def serialised(root) -> list:
    return [(element.tag, sorted(element.attrib.items()), element.text, element.tail) for element in root.iter()]


def test_the_tokenizer_finds_each_pattern_it_built_instead_of_building_it_again():
    assert isinstance(inputstream.characters_until_regex, CharactersUntilRegex)
    tinyhtml5.parse(DOCUMENT)
    patterns = dict(inputstream.characters_until_regex)
    assert patterns and all(isinstance(characters, frozenset | tuple | str) for characters, _ in patterns)
    tinyhtml5.parse(DOCUMENT)
    assert {key: id(value) for key, value in inputstream.characters_until_regex.items()} == {
        key: id(value) for key, value in patterns.items()
    }


def test_documents_read_the_same_as_with_tinyhtml5s_own_dictionary(monkeypatch):
    with_cache = serialised(tinyhtml5.parse(DOCUMENT))
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    assert serialised(tinyhtml5.parse(DOCUMENT)) == with_cache
