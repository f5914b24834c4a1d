"""A working cache for the HTML tokenizer WeasyPrint parses every PDF's HTML with (tinyhtml5).

tinyhtml5 2.1.0 (the latest release) keeps the regular expression of each character set its
tokenizer scans up to in `inputstream.characters_until_regex`, but stores it under the wrong
key (`characters = cache[(characters, opposite)] = regex` binds `characters` to the regex
first), so every lookup misses and the expression is rebuilt for every attribute and every run
of text: about a tenth of a one-page dashboard PDF's time. A dict that builds the missing entry
under the key it was asked for makes the lookups hit; what the tokenizer matches is unchanged.
"""

import re

from tinyhtml5 import inputstream


class CharactersUntilRegex(dict):
    """(characters, opposite) -> the pattern tinyhtml5's chars_until would build for them."""

    def __missing__(self, key):
        characters, opposite = key
        body = "".join(f"\\x{ord(character):02x}" for character in characters)
        pattern = re.compile(f"[{body}]+" if opposite else f"[^{body}]+")
        self[key] = pattern
        return pattern


def install() -> None:
    if not isinstance(inputstream.characters_until_regex, CharactersUntilRegex):
        inputstream.characters_until_regex = CharactersUntilRegex()
