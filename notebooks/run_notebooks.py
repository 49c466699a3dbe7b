#!/usr/bin/python3
"""Executes the teaching notebooks with the installed "jasyncio" kernel through nbclient (the
library behind `jupyter nbconvert --execute`) and checks what each cell must show.

    notebooks/run_notebooks.py [--print] [--save DIR] [NOTEBOOK.ipynb ...]

With no notebook named, runs every notebooks/*.ipynb in order. --print shows each cell as a
terminal would (prose, code, outputs); --save writes the executed notebooks to DIR.

What a cell must show lives in the cell's metadata, so a notebook carries its own checks:

    "metadata": {"jasyncio": {"expect": ["substring", ...],        # each in the cell's output text
                              "expect_regex": ["pattern", ...],    # each matches (re.search, re.S)
                              "expect_mime": ["text/html", ...]}}  # each MIME type is among the outputs

A cell tagged "raises-exception" may end in an error (nbclient's own convention); any other
error fails the run. The output text of a cell is its streams, the text/plain of its results
and displays, and "ename: evalue" of its error, joined in order.
Exit status: 0 when every notebook ran and every expectation held.
"""
import argparse, glob, os, re, sys, textwrap, time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = "jasyncio"
CELL_TIMEOUT = 60


def output_text(cell):
    """The text a reader sees under a code cell, in order."""
    parts = []
    for out in cell.get("outputs", []):
        kind = out["output_type"]
        if kind == "stream":
            parts.append(out["text"])
        elif kind in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif kind == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    return "\n".join(p.rstrip("\n") for p in parts)


def output_mimes(cell):
    return {mime for out in cell.get("outputs", []) for mime in out.get("data", {})}


def expectation_outcomes(cell):
    """Each expectation of one executed cell, as (readable line, held?)."""
    expect = cell.get("metadata", {}).get("jasyncio", {})
    text, mimes = output_text(cell), output_mimes(cell)
    outcomes = [(f"expected {s!r} in the output", s in text) for s in expect.get("expect", [])]
    outcomes += [(f"expected /{p}/ to match the output", re.search(p, text, re.S) is not None)
                 for p in expect.get("expect_regex", [])]
    outcomes += [(f"expected a {m} output", m in mimes) for m in expect.get("expect_mime", [])]
    return outcomes


def check_cell(cell):
    """The expectations of one executed cell that did not hold, and an unexpected error, as readable lines."""
    failures = [line for line, held in expectation_outcomes(cell) if not held]
    errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
    if errors and "raises-exception" not in cell.get("metadata", {}).get("tags", []):
        failures.append(f"unexpected error {errors[0]['ename']}: {errors[0]['evalue']}")
    return failures


def expectations_of(nb):
    return sum(len(c.get("metadata", {}).get("jasyncio", {}).get(k, []))
               for c in nb.cells for k in ("expect", "expect_regex", "expect_mime"))


def show(nb, out):
    """Prints an executed notebook as a terminal reader would see it."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            out.write(textwrap.indent(cell.source.strip(), "  ") + "\n\n")
        elif cell.cell_type == "code":
            n += 1
            out.write(f"In [{n}]:\n" + textwrap.indent(cell.source.rstrip(), "    ") + "\n")
            text = output_text(cell)
            if text:
                out.write(f"Out[{n}]:\n" + textwrap.indent(text, "    ") + "\n")
            out.write("\n")


def run(path, kernel=KERNEL, printing=False, save=None):
    """Executes one notebook; returns (failures, seconds, expectations). Failures are readable lines."""
    result = run_counted(path, kernel, printing, save)
    return result["failures"], result["seconds"], result["expectations"]


def run_counted(path, kernel=KERNEL, printing=False, save=None):
    """Executes one notebook; returns a dict: failures (readable lines), seconds, expectations
    (how many the notebook has), met (how many held) and failed_expectations (cell index, line)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=CELL_TIMEOUT, startup_timeout=60,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.monotonic()
    failures = []
    try:
        client.execute()
    except CellExecutionError as e:  # the first error in a cell not tagged raises-exception
        failures.append(str(e).strip().splitlines()[-1] if str(e).strip() else repr(e))
    seconds = time.monotonic() - started
    met, failed_expectations = 0, []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            failures += [f"cell {index}: {f}\n    output was: {output_text(cell)[:2000]!r}"
                         for f in check_cell(cell)]
            for line, held in expectation_outcomes(cell):
                met += held
                if not held:
                    failed_expectations.append((index, line))
    if printing:
        show(nb, sys.stdout)
    if save:
        os.makedirs(save, exist_ok=True)
        nbformat.write(nb, os.path.join(save, os.path.basename(path)))
    return {"failures": failures, "seconds": seconds, "expectations": expectations_of(nb), "met": met,
            "failed_expectations": failed_expectations}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--print", action="store_true", dest="printing", help="show cells and outputs")
    parser.add_argument("--save", metavar="DIR", help="write the executed notebooks to DIR")
    parser.add_argument("--kernel", default=KERNEL)
    args = parser.parse_args()
    paths = args.notebooks or sorted(glob.glob(os.path.join(HERE, "*.ipynb")))
    if not paths:
        sys.exit("run_notebooks: no notebooks found")
    bad = 0
    for path in paths:
        failures, seconds, checks = run(path, args.kernel, args.printing, args.save)
        verdict = "ok" if not failures else f"FAILED ({len(failures)})"
        print(f"{os.path.basename(path)}: {verdict}, {checks} expectations, {seconds:.1f} s")
        for f in failures:
            print("  " + f)
        bad += bool(failures)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
