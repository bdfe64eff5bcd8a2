#!/usr/bin/env python3
"""scripts/check-layout catches what it is there to catch, and nothing else.

  check_layout_test.py [path/to/scripts/check-layout]

Builds a small fake tree in a temporary directory with one deliberate violation of
each kind and several things that look like violations but are not (lambda-heavy
functions under the limit, braces inside string, character and raw string literals,
classes with many short methods, long initialisers, generated code), runs the checker
on it and compares its findings with the expected ones exactly.

A line that should be reported carries a marker comment in the fake source:
  // EXPECT layering            an #include on this line
  // EXPECT function-size NAME N  a function NAME with an N-line body
  // EXPECT file-size N         (on line 1) a file of N lines
"""

import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.abspath(
    sys.argv.pop(1) if len(sys.argv) > 1 else
    os.path.join(HERE, "..", "..", "..", "scripts", "check-layout"))


def body(n, indent="  "):
    """n lines of function body."""
    return "".join(f"{indent}total += {k};\n" for k in range(n))


# ---------------------------------------------------------------------------------
# The fake tree. Paths map to file contents.

FILES = {}

# --- layering ------------------------------------------------------------------------

FILES["services/vacancies/vacancies_handler.cc"] = textwrap.dedent('''\
    #include "services/vacancies/vacancies_handler.h"

    #include <string>

    #include "absl/status/status.h"
    #include "db/pool.h"
    #include "google/protobuf/empty.pb.h"
    #include "samen/vacancies/v1/vacancies.grpc.pb.h"
    #include "services/common/status_macros.h"
    #include "services/common/auth/auth.h"
    #include "services/partners/partners_rules.h"  // EXPECT layering
    #include "../partners/partners_module.h"  // EXPECT layering
    #  include "gateway/gateway.h"  // EXPECT layering
    #include "services/server/server_app.h"  // EXPECT layering
    #include <services/induction/names.h>  // EXPECT layering
    #include "vacancies_rules.h"
    // #include "services/partners/commented_out.h"
    /*
    #include "services/partners/in_a_block_comment.h"
    */

    namespace samen::vacancies {
    const char* kDoc = R"(
    #include "services/partners/in_a_raw_string.h"
    )";
    }  // namespace samen::vacancies
''')
FILES["services/vacancies/vacancies_handler.h"] = "#pragma once\n"
FILES["services/vacancies/vacancies_rules.h"] = "#pragma once\n"

FILES["services/common/logging.cc"] = textwrap.dedent('''\
    #include "services/common/logging.h"
    #include "services/common/auth/auth.h"
    #include "db/session.h"
    #include "services/partners/partners_module.h"  // EXPECT layering
    #include "services/server/server_app.h"  // EXPECT layering
    #include "gateway/problem.h"  // EXPECT layering
''')

FILES["services/server/server_app.cc"] = textwrap.dedent('''\
    #include "services/server/server_app.h"
    #include "services/common/server.h"
    #include "db/migrator.h"
    #include "services/partners/partners_module.h"
    #include "services/vacancies/vacancies_module.h"
    #include "services/partners/partners_handler.h"  // EXPECT layering
    #include "gateway/gateway.h"  // EXPECT layering
''')

FILES["gateway/gateway.cc"] = textwrap.dedent('''\
    #include "gateway/gateway.h"
    #include "gateway/etag/etag.h"
    #include "services/common/logging.h"
    #include "services/common/auth/caching_verifier.h"
    #include "samen/partners/v1/partners.pb.h"
    #include "services/partners/partners_handler.h"  // EXPECT layering
    #include "services/server/server_app.h"  // EXPECT layering
''')

FILES["db/pool.cc"] = textwrap.dedent('''\
    #include "db/pool.h"
    #include "db/errors.h"
    #include <cppconn/driver.h>
    #include "services/common/status_macros.h"  // EXPECT layering
    #include "gateway/problem.h"  // EXPECT layering
''')

# Tests and benchmarks may include what they test.
FILES["tests/unit/partners/partners_rules_test.cc"] = textwrap.dedent('''\
    #include "services/partners/partners_rules.h"
    #include "gateway/gateway.h"
''')

# --- file size ---------------------------------------------------------------------

FILES["bench/big_bench.cc"] = "// EXPECT file-size 601\n" + "// filler\n" * 600
FILES["bench/just_small_enough.cc"] = "// 600 lines: allowed\n" + "// filler\n" * 599
FILES["tests/unit/partners/big_test.cc"] = (
    "// EXPECT file-size 650\n" + "// filler\n" * 648 + "// no newline at the end")
FILES["services/partners/partners_rules.cc"] = (
    "// EXPECT file-size 700\n" + "// filler\n" * 699)

# Generated code and build directories are not ours to size.
FILES["services/partners/partners.pb.cc"] = "// generated\n" * 900
FILES["services/partners/build/generated.cc"] = (
    '#include "services/induction/names.h"\n' + "// generated\n" * 900)
FILES["gateway/build-asan/gateway.cc"] = "// generated\n" * 900

# --- function size -------------------------------------------------------------------

FILES["services/partners/long_functions.cc"] = (
    "namespace samen::partners {\n"
    "\n"
    "int Long(int a) {  // EXPECT function-size Long 81\n"
    "  int total = a;\n" + body(79) + "  return total;\n"
    "}\n"
    "\n"
    "int Exactly80(int a) {\n"
    "  int total = a;\n" + body(78) + "  return total;\n"
    "}\n"
    "\n"
    "absl::StatusOr<int>\n"
    "PartnersRepository::MultiLine(  // EXPECT function-size PartnersRepository::MultiLine 90\n"
    "    int a,\n"
    "    int b) const {\n"
    "  int total = a + b;\n" + body(88) + "  return total;\n"
    "}\n"
    "\n"
    "}  // namespace samen::partners\n")

# Lambdas count toward the function they are written in: 79 lines in all is fine,
# 81 lines made mostly of lambdas is not (and neither lambda is reported by itself).
FILES["services/partners/lambdas.cc"] = (
    "namespace samen::partners {\n"
    "namespace {\n"
    "\n"
    "Reactor* Handler::UnderLimit(Ctx* ctx) {\n"
    "  return runtime_->Serve(ctx, [this](const CallContext& call) -> absl::Status {\n"
    "    int total = 0;\n" + body(30, "    ") +
    "    auto inner = [&](int x) { return x + total; };\n"
    "    auto other = [&](int x) {\n" + body(20, "      ") + "      return x;\n"
    "    };\n" + body(21, "    ") +
    "    return absl::OkStatus();\n"
    "  });\n"
    "}\n"
    "\n"
    "Reactor* Handler::OverLimit(Ctx* ctx) {  // EXPECT function-size Handler::OverLimit 81\n"
    "  return runtime_->Serve(ctx, [this](const CallContext& call) -> absl::Status {\n"
    "    int total = 0;\n" + body(30, "    ") +
    "    auto inner = [&](int x) { return x + total; };\n"
    "    auto other = [&](int x) {\n" + body(20, "      ") + "      return x;\n"
    "    };\n" + body(23, "    ") +
    "    return absl::OkStatus();\n"
    "  });\n"
    "}\n"
    "\n"
    "}  // namespace\n"
    "}  // namespace samen::partners\n")

# Braces inside literals and comments are not braces. `Opens` is short but its literals
# hold many `{`: a scanner that counts them never sees it end and reports it (the file
# is long). `Closes` is 85 lines, but its literals hold `}` early: a scanner that counts
# them ends it early and misses it.
FILES["gateway/literals.cc"] = (
    "namespace samen::gateway {\n"
    "\n"
    "std::string Opens() {\n"
    '  std::string a = "{{{ {";\n'
    "  std::string b = R\"({ \"k\": { \"l\": [ {)\";\n"
    "  std::string c = R\"json({ )\" still inside { )json\";\n"
    "  char d = '{';\n"
    "  char e = '\\'';\n"
    '  std::string f = "\\"{";\n'
    "  // {\n"
    "  /* { { */\n"
    "  int g = 1'000'000;  // digit separators are not character literals\n"
    "  const char* h = u8\"{\";\n"
    "  auto i = LR\"x({)x\";\n"
    "  return a + b + c;\n"
    "}\n"
    "\n" + "".join(f"int Short{k}() {{ return {k}; }}\n" for k in range(100)) +
    "\n"
    "std::string Closes() {  // EXPECT function-size Closes 85\n"
    '  std::string a = "} }}";\n'
    "  std::string b = R\"(} })\";\n"
    "  std::string c = R\"sql(SELECT '}' )\" } )sql\";\n"
    "  char d = '}';\n"
    "  int n = 1'000;\n"
    "  // }\n"
    "  /* }\n"
    "     } */\n"
    "  int total = 0;\n" + body(75) +
    "  return a + b + c;\n"
    "}\n"
    "\n"
    "}  // namespace samen::gateway\n")

# Class, namespace and enum bodies and initialisers are not functions, however long;
# a member function defined in a class body is.
FILES["db/classes.h"] = (
    "#pragma once\n"
    "namespace samen::db {\n"
    "\n"
    "enum class Kind {\n" + "".join(f"  kKind{k},\n" for k in range(90)) + "};\n"
    "\n"
    "struct Entry {\n  int a;\n  int b;\n};\n"
    "const std::vector<Entry> kTable = {\n" +
    "".join(f"    {{{k}, {k + 1}}},\n" for k in range(90)) + "};\n"
    "std::vector<Entry> kOtherTable{\n" +
    "".join(f"    {{{k}, {k + 1}}},\n" for k in range(90)) + "};\n"
    "\n"
    "class ManyShortMethods : public Base<int> {\n"
    " public:\n" +
    "".join(f"  int Get{k}() const {{\n    return v_ + {k};\n  }}\n" for k in range(40)) +
    "  ManyShortMethods() : v_{1}, w_(2), items_{{1, 2}, {3, 4}} {}\n"
    "  std::function<void()> callback_{[] {}};\n"
    "  int Long() const {  // EXPECT function-size Long 82\n"
    "    int total = 0;\n" + body(80, "    ") + "    return total;\n"
    "  }\n"
    "\n"
    " private:\n"
    "  struct Nested {\n"
    "    void AlsoLong() {  // EXPECT function-size AlsoLong 81\n" + body(81, "      ") +
    "    }\n"
    "  };\n"
    "  int v_ = 0;\n"
    "  int w_;\n"
    "  std::vector<std::vector<int>> items_;\n"
    "};\n"
    "\n"
    "}  // namespace samen::db\n")

# A constructor's initialiser list with braces, then its body.
FILES["db/constructor.cc"] = (
    "namespace samen::db {\n"
    "Pool::Pool(Options options)  // EXPECT function-size Pool::Pool 81\n"
    "    : options_{std::move(options)},\n"
    "      leases_(options_.size),\n"
    "      names_{\"a\", \"b\"} {\n"
    "  int total = 0;\n" + body(80) +
    "}\n"
    "Pool::~Pool() { Close(); }\n"
    "}  // namespace samen::db\n")

# Tests and benchmarks are not held to the function limit (only to the file limit).
FILES["tests/unit/partners/long_test.cc"] = (
    "TEST(Partners, Long) {\n  int total = 0;\n" + body(100) + "}\n")


# ---------------------------------------------------------------------------------


def expected_findings():
    found = []
    for path, text in FILES.items():
        for no, line in enumerate(text.split("\n"), start=1):
            m = re.search(r"// EXPECT (\S+)(?: (\S+))?(?: (\S+))?", line)
            if not m:
                continue
            kind = m.group(1)
            if kind == "layering":
                inc = re.search(r'#\s*include\s*["<]([^">]*)', line).group(1)
                found.append((path, no, kind, inc))
            elif kind == "file-size":
                found.append((path, no, kind, int(m.group(2))))
            elif kind == "function-size":
                found.append((path, no, kind, (m.group(2), int(m.group(3)))))
            else:
                raise AssertionError(f"unknown marker in {path}:{no}: {line}")
    return sorted(found, key=str)


FINDING = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<kind>[a-z-]+): (?P<what>.*)$")


def parse(stdout):
    findings, other = [], []
    for line in stdout.splitlines():
        m = FINDING.match(line)
        if not m:
            other.append(line)
            continue
        kind, what = m.group("kind"), m.group("what")
        if kind == "layering":
            detail = re.match(r'includes "([^"]*)"', what).group(1)
        elif kind == "file-size":
            detail = int(re.match(r"(\d+) lines", what).group(1))
        elif kind == "function-size":
            fm = re.match(r"(\S+) has a (\d+)-line body", what)
            detail = (fm.group(1), int(fm.group(2)))
        else:
            detail = what
        findings.append((m.group("path"), int(m.group("line")), kind, detail))
    return sorted(findings, key=str), other


def write_tree(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as fh:
            fh.write(text)


def run(root, *args):
    return subprocess.run([sys.executable, CHECKER, "--root", root, *args],
                          capture_output=True, text=True, timeout=120)


class CheckLayoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="check-layout-test-")
        cls.root = cls.tmp.name
        write_tree(cls.root, FILES)
        # A build directory recognised by its CMakeCache.txt, whatever its name.
        write_tree(cls.root, {
            "services/induction/out/CMakeCache.txt": "",
            "services/induction/out/big.cc": "// generated\n" * 900,
        })

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_markers_describe_every_kind_of_violation(self):
        kinds = [f[2] for f in expected_findings()]
        self.assertEqual(kinds.count("layering"), 14)
        self.assertEqual(kinds.count("file-size"), 3)
        self.assertEqual(kinds.count("function-size"), 7)

    def test_reports_exactly_the_planted_violations(self):
        result = run(self.root)
        self.assertEqual(result.returncode, 1, result.stderr)
        findings, other = parse(result.stdout)
        self.assertEqual(findings, expected_findings(), result.stdout)
        self.assertEqual(len(other), 1, result.stdout)
        self.assertRegex(other[0], r"^check-layout: \d+ files, 24 violations")

    def test_only_layering(self):
        result = run(self.root, "--only", "layering")
        self.assertEqual(result.returncode, 1, result.stderr)
        findings, _ = parse(result.stdout)
        self.assertEqual(findings, [f for f in expected_findings() if f[2] == "layering"])

    def test_only_size(self):
        result = run(self.root, "--only", "size")
        self.assertEqual(result.returncode, 1, result.stderr)
        findings, _ = parse(result.stdout)
        self.assertEqual(findings, [f for f in expected_findings() if f[2] != "layering"])

    def test_a_clean_tree_passes(self):
        # The fake tree without its violations: the files whose only markers are on
        # #include lines lose those lines; files planted for size go altogether.
        clean = {}
        for path, text in FILES.items():
            if re.search(r"EXPECT (file|function)-size", text):
                continue
            clean[path] = re.sub(r"^.*// EXPECT layering\n", "", text, flags=re.M)
        with tempfile.TemporaryDirectory(prefix="check-layout-clean-") as root:
            write_tree(root, clean)
            result = run(root)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertRegex(result.stdout.strip(),
                             r"^check-layout: \d+ files, 0 violations$")

    def test_unbalanced_braces_are_reported_not_ignored(self):
        with tempfile.TemporaryDirectory(prefix="check-layout-parse-") as root:
            write_tree(root, {"services/partners/broken.cc": "void F() {\n  if (x) {\n}\n"})
            result = run(root, "--only", "size")
            self.assertEqual(result.returncode, 1, result.stdout)
            self.assertIn("services/partners/broken.cc:", result.stdout)
            self.assertIn("parse:", result.stdout)

    def test_bad_usage(self):
        result = run(self.root, "--only", "everything")
        self.assertEqual(result.returncode, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
