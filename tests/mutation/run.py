"""`make mutate`: mutation testing (mutmut, pinned in the `dev` extra) over the rules that keep readers safe.

Each module of :data:`MODULES` is mutated on its own, in a scratch folder (``build/mutation/<name>``,
holding links to ``src``, ``tests`` and ``examples`` and a ``pyproject.toml`` with that module's mutmut
settings), against only the test files that exercise it; mutmut runs, for each mutant, only the tests
that call the mutated function. A mutant that survives is either killed by a new test or written down in
``tests/mutation/equivalent.toml`` (function, the line before and after, and why no test can tell them
apart); this script matches survivors with that list by their diff, not by mutmut's numbering.

Prints, per module, killed / survived / equivalent and the kill rate over the non-equivalent mutants,
and fails (exit 1) when a module is under its target. ``--module NAME`` (repeatable) runs only those;
``--survivors`` prints the diff of each unexplained survivor.

mutmut 3 mutates the bodies of functions only (module-level constants such as the address tables and
regular expressions are not mutated); "no tests" mutants (in a function none of the listed tests calls)
count as survivors.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / "build" / "mutation"
EQUIVALENT = Path(__file__).with_name("equivalent.toml")


@dataclass(frozen=True)
class Module:
    name: str
    path: str  # under src/
    tests: tuple[str, ...]
    target: float  # least share killed of the non-equivalent mutants
    functions: tuple[str, ...] = ()  # only these functions of the file (empty: all)
    extra: dict = field(default_factory=dict)


MODULES = [
    Module("escape", "newsfuse/render/escape.py",
           ("tests/test_escape_rules.py", "tests/test_hostile_render.py", "tests/test_planted_bugs.py"), 1.0),
    Module("address", "newsfuse/ingest/fetch.py",
           ("tests/test_fetch_rules.py", "tests/test_planted_bugs.py"), 1.0,
           functions=("allow_set", "set_allowed_hosts", "public_ip", "is_public_address", "split_url",
                      "checked_address", "check_url")),
    Module("redirects", "newsfuse/ingest/fetch.py",
           ("tests/test_fetch_rules.py",
            # TLS (server name, certificate) and the deadline against servers that trickle
            "tests/test_stories_feeds.py::test_https_goes_to_the_checked_address_with_the_name_for_tls",
            "tests/test_stories_feeds.py::test_https_certificate_is_checked_against_the_name",
            "tests/test_stories_feeds.py::test_fetch_has_one_deadline_not_a_timeout_per_read",
            "tests/test_stories_feeds.py::test_the_deadline_also_cuts_a_server_that_trickles_its_headers"), 0.9,
           functions=("fetch", "fetch_url", "_pinned_request", "_ascii_host", "_left", "retry_after_seconds")),
    Module("guard", "newsfuse/dedup/guard.py",
           ("tests/test_guard_rules.py", "tests/test_planted_bugs.py"), 0.9),
    Module("reading", "newsfuse/text/reading.py",
           ("tests/test_reading_rules.py", "tests/test_planted_bugs.py"), 0.9),
    Module("copies", "newsfuse/dedup/copies.py",
           ("tests/test_copies_rules.py", "tests/test_dedup.py"), 0.9),
    Module("budget", "newsfuse/ingest/budget.py",
           ("tests/test_budget_rules.py",), 0.9),
    Module("time-rule", "newsfuse/stories/cluster.py",
           ("tests/test_cluster_time_rules.py", "tests/test_planted_bugs.py"), 0.9,
           functions=("time_factor", "merge", "_fmin", "_fmax")),
]


def mangled(module: Module, function: str) -> str:
    return module.path[:-3].replace("/", ".") + ".x_" + function + "__mutmut_"


def in_scope(module: Module, key: str) -> bool:
    return not module.functions or any(key.startswith(mangled(module, f)) for f in module.functions)


def prepare(module: Module) -> Path:
    where = SCRATCH / module.name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for name in ("src", "tests", "examples"):
        (where / name).symlink_to(ROOT / name)
    listed = lambda xs: "[" + ", ".join(json.dumps(x) for x in xs) + "]"  # noqa: E731
    (where / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        'source_paths = ["src/"]\n'
        f'only_mutate = ["src/{module.path}"]\n'
        'also_copy = ["examples/"]\n'
        f"pytest_add_cli_args_test_selection = {listed(module.tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-o", "addopts="]\n'
        "use_git_change_detection = false\n")
    return where


def run_mutmut(module: Module, where: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the mutated copy must be imported
    mutmut = Path(sys.executable).with_name("mutmut")
    names = [mangled(module, f) + "*" for f in module.functions]
    log = where / "mutmut.log"
    with log.open("w") as out:
        code = subprocess.call([str(mutmut), "run", "--max-children", str(os.cpu_count() or 2), *names],
                               cwd=where, env=env, stdout=out, stderr=subprocess.STDOUT)
    if code != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"mutmut failed on {module.name} (exit {code}); see {log}:\n{tail}")


def load_results(module: Module, where: Path) -> dict[str, int | None]:
    meta = where / "mutants" / "src" / (module.path + ".meta")
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {k: v for k, v in codes.items() if in_scope(module, k)}


def diff_of(where: Path, key: str, path: str) -> str:
    """The mutant's diff, from mutmut's own code, run in the scratch folder."""
    code = ("import sys\nfrom mutmut.mutation.diff_apply import get_diff_for_mutant\n"
            f"print(get_diff_for_mutant({key!r}, path={('src/' + path)!r}))\n")
    return subprocess.run([sys.executable, "-c", code], cwd=where, capture_output=True, text=True).stdout


def changed_lines(diff: str) -> tuple[str, str]:
    minus = " ".join(line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---"))
    plus = " ".join(line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++"))
    return minus, plus


def function_of(key: str) -> str:
    """'newsfuse.x.x_name__mutmut_3' -> 'name'; a method 'newsfuse.x.xǁClassǁname__mutmut_3' -> 'Class.name'."""
    tail = key.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[1]
    return tail[2:] if tail.startswith("x_") else ".".join(tail.split("ǁ")[1:])


def equivalents() -> list[dict]:
    return tomllib.loads(EQUIVALENT.read_text())["mutant"] if EQUIVALENT.exists() else []


def is_equivalent(module: Module, key: str, diff: str, known: list[dict]) -> dict | None:
    function = function_of(key)
    was, now = changed_lines(diff)
    for entry in known:
        if entry["module"] == module.name and entry["function"] == function \
                and entry["was"].strip() == was and entry["now"].strip() == now:
            return entry
    return None


KILLED = {1, 3, 24, -24, 152, 255, 36, 37, -9, -11}  # test failure, timeout (an infinite loop), crash


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=[m.name for m in MODULES])
    parser.add_argument("--survivors", action="store_true", help="print each unexplained survivor's diff")
    parser.add_argument("--report-only", action="store_true", help="read the last run's results, run nothing")
    args = parser.parse_args(argv)
    chosen = [m for m in MODULES if not args.module or m.name in args.module]
    known = equivalents()
    rows, failed, used = [], [], set()
    for module in chosen:
        where = SCRATCH / module.name
        if not args.report_only:
            where = prepare(module)
            print(f"mutating {module.name} ({module.path}) ...", flush=True)
            run_mutmut(module, where)
        codes = load_results(module, where)
        killed = sum(1 for c in codes.values() if c in KILLED)
        equivalent, survived = 0, []
        for key, code in sorted(codes.items()):
            if code in KILLED:
                continue
            diff = diff_of(where, key, module.path)
            entry = is_equivalent(module, key, diff, known) if code == 0 else None
            if entry is not None:
                equivalent += 1
                used.add(id(entry))
            else:
                survived.append((key, code, diff))
        live = killed + len(survived)
        rate = killed / live if live else 1.0
        ok = rate >= module.target
        rows.append((module.name, module.path, len(codes), killed, len(survived), equivalent, rate, module.target, ok))
        if not ok:
            failed.append(module.name)
        if args.survivors:
            for key, code, diff in survived:
                status = "survived" if code == 0 else f"not killed (mutmut exit {code})"
                was, now = changed_lines(diff)
                function = function_of(key)
                print(f"\n--- {key}: {status}\n{diff}\n# if no test can tell them apart, for equivalent.toml:\n"
                      f"[[mutant]]\nmodule = {json.dumps(module.name)}\nfunction = {json.dumps(function)}\n"
                      f"was = '''{was}'''\nnow = '''{now}'''\nwhy = \"\"")
    print()
    print(f"{'module':<10} {'file':<28} {'mutants':>7} {'killed':>6} {'survived':>8} {'equivalent':>10} "
          f"{'killed %':>8} {'target':>6}")
    for name, path, total, killed, survived, equivalent, rate, target, ok in rows:
        print(f"{name:<10} {path:<28} {total:>7} {killed:>6} {survived:>8} {equivalent:>10} "
              f"{100 * rate:>7.1f}% {100 * target:>5.0f}% {'' if ok else '  UNDER TARGET'}")
    stale = [e for e in known if id(e) not in used and e["module"] in {m.name for m in chosen}]
    for entry in stale:
        print(f"note: equivalent.toml entry matched no survivor ({entry['module']}.{entry['function']}: "
              f"{entry['was']!r} -> {entry['now']!r})")
    if failed:
        print("under target: " + ", ".join(failed) + " (rerun with --survivors to see them)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
