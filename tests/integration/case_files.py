"""Reads the golden wire cases of tests/cases/<service>/**/*.case (the format is described in
tests/cases/README.md) into records the driver (test_cases.py) sends and checks."""

import json
import os
import re

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cases")


class CaseFormatError(Exception):
    pass


class Record:
    """One request of a case file: a `setup` (must answer 200) or a `request` with its expected
    answer."""

    def __init__(self, kind, operation, title, line):
        self.kind = kind            # "setup" or "request"
        self.operation = operation  # "PutItem", or "<service>:<Operation>"
        self.title = title
        self.line = line
        self.path = None            # the file it was written in (an included one, maybe)
        self.options = []           # (name, argument) of the @ lines before the body
        self.body_lines = []
        self.status = 200
        self.expected_lines = []    # the expected body (JSON), as written
        self.expectations = []      # (name, argument) of the @ lines after the status

    def where(self):
        return "%s:%d %s %s%s" % (os.path.relpath(self.path, CASES_DIR), self.line, self.kind,
                                  self.operation, (": " + self.title) if self.title else "")


HEADER = re.compile(r"^(setup|request) (\S+?)(?::\s+(.*))?$")


def parse(path):
    """The records of one case file, in order."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    records = []
    i = 0

    def is_end_of_block(text):
        return text.strip() == "" or HEADER.match(text) is not None

    while i < len(lines):
        text = lines[i]
        if text.strip() == "" or text.startswith("#"):
            i += 1
            continue
        if text.startswith("include "):
            # Another file's records, run here (shared setups: tests/cases/<service>/_*.case).
            included = os.path.join(os.path.dirname(path), text[len("include "):].strip())
            records.extend(parse(included))
            i += 1
            continue
        header = HEADER.match(text)
        if header is None:
            raise CaseFormatError("%s:%d: expected 'setup', 'request' or 'include', found %r"
                                  % (path, i + 1, text))
        record = Record(header.group(1), header.group(2), header.group(3) or "", i + 1)
        record.path = path
        i += 1
        while i < len(lines) and lines[i].startswith("@"):
            record.options.append(split_option(lines[i], path, i))
            i += 1
        if record.kind == "setup":
            # A setup's body runs to the first blank line; it must answer 200.
            while i < len(lines) and not is_end_of_block(lines[i]):
                if lines[i].startswith("@"):
                    record.expectations.append(split_option(lines[i], path, i))
                else:
                    record.body_lines.append(lines[i])
                i += 1
            records.append(record)
            continue
        while i < len(lines) and lines[i].strip() != "----":
            if HEADER.match(lines[i]):
                raise CaseFormatError("%s:%d: request without '----'" % (path, record.line))
            record.body_lines.append(lines[i])
            i += 1
        if i == len(lines):
            raise CaseFormatError("%s:%d: request without '----'" % (path, record.line))
        i += 1
        if i == len(lines) or not lines[i].strip().isdigit():
            raise CaseFormatError("%s:%d: '----' must be followed by an HTTP status" % (path, i + 1))
        record.status = int(lines[i].strip())
        i += 1
        while i < len(lines) and not is_end_of_block(lines[i]):
            if lines[i].startswith("@"):
                record.expectations.append(split_option(lines[i], path, i))
            elif not lines[i].startswith("#"):
                record.expected_lines.append(lines[i])
            i += 1
        records.append(record)
    return records


def split_option(text, path, index):
    name, _, argument = text[1:].partition(" ")
    if not name:
        raise CaseFormatError("%s:%d: empty @ line" % (path, index + 1))
    return name, argument.strip()


def case_files():
    """(service folder, path) of every case file, in name order."""
    found = []
    for service in sorted(os.listdir(CASES_DIR)):
        folder = os.path.join(CASES_DIR, service)
        if not os.path.isdir(folder):
            continue
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.endswith(".case") and not name.startswith("_"):
                    found.append((service, os.path.join(root, name)))
    return sorted(found, key=lambda pair: pair[1])


def load_services(service_folder):
    """The service.json of a folder: how its requests are sent."""
    with open(os.path.join(CASES_DIR, service_folder, "service.json")) as f:
        return json.load(f)


VARIABLE = re.compile(r"\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::([^}]*))?\}")


def substitute(text, variables):
    """Replaces ${name} with a variable's value and ${repeat:N:text} with text N times."""

    def replace(match):
        name, argument = match.group(1), match.group(2)
        if name == "repeat":
            count, _, piece = argument.partition(":")
            return piece * int(count)
        if name not in variables:
            raise CaseFormatError("undefined variable ${%s}" % name)
        return str(variables[name])

    return VARIABLE.sub(replace, text)


def matches(expected, actual):
    """Whether `actual` is `expected` exactly, where an expected {"$regex": r} matches a string
    that fully matches r and {"$type": "string"|"number"|"boolean"|"object"|"array"} any value
    of that JSON type. Returns None when it matches, else where it differs."""
    if isinstance(expected, dict) and set(expected) == {"$regex"}:
        if isinstance(actual, str) and re.fullmatch(expected["$regex"], actual, re.S):
            return None
        return "%r does not match /%s/" % (actual, expected["$regex"])
    if isinstance(expected, dict) and set(expected) == {"$type"}:
        types = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
        wanted = types[expected["$type"]]
        ok = isinstance(actual, wanted) and not (expected["$type"] == "number" and isinstance(actual, bool))
        return None if ok else "%r is not a %s" % (actual, expected["$type"])
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "expected an object, got %r" % (actual,)
        if set(expected) != set(actual):
            return "members %s, expected %s" % (sorted(actual), sorted(expected))
        for key in expected:
            difference = matches(expected[key], actual[key])
            if difference:
                return "%s: %s" % (key, difference)
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return "expected %r, got %r" % (expected, actual)
        for index, (e, a) in enumerate(zip(expected, actual)):
            difference = matches(e, a)
            if difference:
                return "[%d]: %s" % (index, difference)
        return None
    if type(expected) is not type(actual) and not (
            isinstance(expected, (int, float)) and isinstance(actual, (int, float))
            and not isinstance(actual, bool)):
        return "expected %r, got %r" % (expected, actual)
    return None if expected == actual else "expected %r, got %r" % (expected, actual)


def value_at(document, path):
    """The value at a dotted path ("BackupDetails.BackupArn", "Tables.0")."""
    value = document
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value
