"""Package and module path patterns: exact, `*` for one path element, `**` for any depth.

`github.com/aws/*` matches github.com/aws/sdk but not github.com/aws/sdk/s3;
`github.com/aws/**` matches both, and github.com/aws itself (zero or more elements).
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    elements = pattern.split("/")
    regex, separator = "", ""
    for number, element in enumerate(elements):
        if element == "**":  # zero or more whole elements
            if number == len(elements) - 1:
                regex += "(?:/[^/]+)*" if separator else "(?:[^/]+(?:/[^/]+)*)?"
            else:
                regex += separator + "(?:[^/]+/)*"
                separator = ""
            continue
        regex += separator + "[^/]*".join(re.escape(piece) for piece in element.split("*"))
        separator = "/"
    return re.compile(regex)


def matches(pattern: str, path: str) -> bool:
    return compile_pattern(pattern).fullmatch(path) is not None

