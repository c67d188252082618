"""What the benchmark scripts' report writers share: reading one run's files from its work
directory (each scenario leaves NAME.json, NAME.log and, when it failed, NAME.failed)."""

import json
import os


class Run:
    def __init__(self, work):
        self.work = work

    def read(self, name, default=""):
        try:
            with open(os.path.join(self.work, name)) as f:
                return f.read()
        except OSError:
            return default

    def result(self, name):
        """The scenario's JSON summary (last JSON line of its stdout), or None."""
        for line in reversed(self.read(name + ".json").splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        return None

    def failure(self, name):
        text = self.read(name + ".failed").strip()
        if not text:
            return ""
        tail = "\n".join(self.read(name + ".log").splitlines()[-15:])
        return f"\n**{name} failed: {text}.** Last lines of its log:\n\n```\n{tail}\n```\n"


def ms(v):
    return f"{v:.2f}"


def replace_section(path, section):
    """Puts `section` (markdown starting with its `## ` title) into the report at `path`,
    replacing the section with the same title if there is one, else appending it."""
    title = section.splitlines()[0].rstrip()
    try:
        lines = open(path).read().splitlines()
    except OSError:
        lines = []
    start = next((i for i, l in enumerate(lines) if l.rstrip() == title), None)
    if start is None:
        head, tail = lines, []
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        head, tail = lines[:start], lines[end:]
    text = "\n".join(head).rstrip() + "\n\n" + section.rstrip() + "\n"
    if tail:
        text += "\n" + "\n".join(tail) + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    # `python3 bench_report.py REPORT SECTION_FILE`: what the bench scripts call.
    import sys

    replace_section(sys.argv[1], open(sys.argv[2]).read())
