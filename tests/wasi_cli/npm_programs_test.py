#!/usr/bin/env python3
"""Real WASI programs that other people wrote and built, from npm packages
(fetched by scripts/fetch-npm-wasi.sh into the build tree): each runs with a
few inputs under `kiln run` and under Node's built-in `wasi` module
(node_wasi_run.mjs), with the same stdout, exit code and output files.

Usage: npm_programs_test.py KILN NODE FETCH_SCRIPT MODULE_DIR
Exits 77 (skipped) when the modules cannot be fetched, e.g. offline; under
CI (CI set in the environment) that is a failure instead.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import unittest_totals  # noqa: E402  (tests/unittest_totals.py)

KILN, NODE, FETCH, MODULES = map(os.path.abspath, sys.argv[1:5])
NODE_RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_wasi_run.mjs")
EXIT_SKIPPED = 77


def minimal_pdf(pages):
    """A small valid PDF with `pages` pages of Helvetica text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages)), pages)]
    font = 3 + 2 * pages
    for i in range(pages):
        content = b"BT /F1 24 Tf 72 700 Td (Page %d of %d) Tj ET" % (i + 1, pages)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def markdown_document(sections):
    """A Markdown document of `sections` sections, each with a heading, prose
    with inline markup and non-ASCII text, a list, a table and a code block."""
    words = ("kiln compiles each function once façade naïve Größe 日本語 "
             "modules run under WASI with guard pages").split()
    parts = ["---\ntitle: Generated document\n---\n"]
    for i in range(sections):
        prose = " ".join(words[(i * 7 + j) % len(words)] for j in range(60))
        parts.append(
            f"## Section {i}\n\n{prose} *emphasis {i}* and **strong** text with `code {i}` "
            f"and a [link](https://example.org/{i}).[^n{i}]\n\n[^n{i}]: Footnote {i}.\n\n"
            f"- item {i}a\n- item {i}b\n    1. nested\n\n"
            f"| name | value |\n|------|------:|\n| a{i} | {i * 3} |\n| b{i} | {i * 5} |\n\n"
            f"```c\nint f{i}(int x) {{ return x * {i}; }}\n```\n\n")
    return "".join(parts).encode()


class NpmProgramsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def make_dirs(self, files):
        """One directory per engine holding `files` (name -> bytes)."""
        dirs = {}
        for engine in ("kiln", "node"):
            path = os.path.join(self.tmp.name, engine)
            shutil.rmtree(path, ignore_errors=True)
            os.makedirs(os.path.join(path, "in"))
            for name, data in files.items():
                with open(os.path.join(path, "in", name), "wb") as f:
                    f.write(data)
            dirs[engine] = path
        return dirs

    def run_both(self, module, guest_dir, dirs, args, env=()):
        """Runs `module` with `args` (and the guest environment `env`, NAME=VALUE
        strings) under Kiln and Node, each with its own directory preopened as
        `guest_dir`; asserts the same exit code and stdout and returns them."""
        results = {}
        env_options = [option for pair in env for option in ("--env", pair)]
        for engine, runner in (("kiln", [KILN, "run"]),
                               # Node 20's WASI can crash in a garbage collection
                               # during fd_write once memory is large (pandoc's
                               # is); --no-turbo-fast-api-calls avoids that.
                               ("node", [NODE, "--no-warnings", "--no-turbo-fast-api-calls",
                                         NODE_RUNNER])):
            result = subprocess.run(
                [*runner, "--dir", dirs[engine] + "::" + guest_dir, *env_options,
                 os.path.join(MODULES, module), *args],
                stdin=subprocess.DEVNULL, capture_output=True, env={}, timeout=300)
            results[engine] = (result.returncode, result.stdout, result.stderr.decode())
        kiln, node = results["kiln"], results["node"]
        self.assertEqual(kiln[:2], node[:2], f"{module} {args}\nkiln: {kiln[2]}\nnode: {node[2]}")
        return kiln[:2]

    def assert_same_file(self, dirs, name):
        with open(os.path.join(dirs["kiln"], name), "rb") as a, \
             open(os.path.join(dirs["node"], name), "rb") as b:
            data = a.read()
            self.assertEqual(data, b.read(), name)
        return data

    # Flite (C, wasi-sdk): text to speech into WAV files inside the preopen.
    def test_flite(self):
        text = b"The quick brown fox jumps over the lazy dog.\nKiln runs WebAssembly.\n"
        dirs = self.make_dirs({"text.txt": text})
        code, out = self.run_both("flite.wasm", "d", dirs, ["-lv"])
        self.assertEqual((code, out), (0, b"Voices available: kal awb_time kal16 awb rms slt \n"))
        code, out = self.run_both("flite.wasm", "d", dirs, ["-ps", "-t", "hello there", "-o", "none"])
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith(b"pau hh ax l ow dh eh r pau"), out)
        self.assertEqual(self.run_both("flite.wasm", "d", dirs,
                                       ["-f", "d/in/text.txt", "-o", "d/text.wav"]), (0, b""))
        wav = self.assert_same_file(dirs, "text.wav")
        self.assertEqual(wav[:4] + wav[8:12], b"RIFFWAVE")
        self.assertGreater(len(wav), 40000)
        self.run_both("flite.wasm", "d", dirs, ["-voice", "kal16", "-t", "hi", "-o", "d/hi.wav"])
        self.assert_same_file(dirs, "hi.wav")
        code, _ = self.run_both("flite.wasm", "d", dirs, ["--version"])
        self.assertEqual(code, 1)  # flite exits 1 after printing its version

    # pdfcpu (Go, GOOS=wasip1): validate, inspect, merge, rotate and n-up PDFs.
    # Go resolves paths against "/", so the preopen is "/d".
    def test_pdfcpu(self):
        dirs = self.make_dirs({"a.pdf": minimal_pdf(3), "b.pdf": minimal_pdf(2)})
        # "-c disable": no configuration directory (it would need a home).
        pdfcpu = lambda command, *args: self.run_both("pdfcpu.wasm", "/d", dirs,
                                                      [command, "-c", "disable", *args])
        code, out = pdfcpu("validate", "/d/in/a.pdf")
        self.assertEqual((code, out), (0, b"validating(mode=relaxed) /d/in/a.pdf ...\nvalidation ok\n"))
        code, out = pdfcpu("info", "/d/in/a.pdf")
        self.assertEqual(code, 0)
        self.assertIn(b"Page count: 3\n", out)
        self.assertEqual(pdfcpu("merge", "/d/m.pdf", "/d/in/a.pdf", "/d/in/b.pdf")[0], 0)
        self.assertEqual(pdfcpu("rotate", "/d/m.pdf", "90", "/d/r.pdf")[0], 0)
        self.assertEqual(pdfcpu("nup", "/d/n.pdf", "4", "/d/m.pdf")[0], 0)
        # The written PDFs carry timestamps: instead of comparing bytes, both
        # engines read the file Kiln wrote, then the one Node wrote.
        for name, pages in (("m.pdf", 5), ("r.pdf", 5), ("n.pdf", 2)):
            for writer in ("kiln", "node"):
                same = {"kiln": dirs[writer], "node": dirs[writer]}
                code, out = self.run_both("pdfcpu.wasm", "/d", same,
                                          ["info", "-c", "disable", "/d/" + name])
                self.assertEqual(code, 0)
                self.assertIn(b"Page count: %d\n" % pages, out)
        code, out = pdfcpu("info", "/d/missing.pdf")
        self.assertEqual((code, out), (1, b""))

    # A program precompiled by `kiln compile` runs as its .wasm does. pdfcpu's
    # .kwasm is hashed, and its metadata (3.5 MB) read, on a thread of its
    # own while its module is parsed, and its memory image is mapped from it.
    def run_precompiled(self, module, guest_dir, files, args):
        """Runs `module` and the .kwasm `kiln compile` makes of it with `args`;
        asserts the same exit code and stdout and returns them."""
        dirs = self.make_dirs(files)
        wasm = os.path.join(MODULES, module)
        kwasm = os.path.join(self.tmp.name, module + ".kwasm")
        subprocess.run([KILN, "compile", wasm, "-o", kwasm],
                       check=True, capture_output=True, timeout=600)
        runs = {}
        for path in (wasm, kwasm):
            result = subprocess.run(
                [KILN, "run", "--no-cache", "--dir", dirs["kiln"] + "::" + guest_dir, path, *args],
                stdin=subprocess.DEVNULL, capture_output=True, env={}, timeout=300)
            runs[path] = (result.returncode, result.stdout, result.stderr.decode())
        self.assertEqual(runs[kwasm][:2], runs[wasm][:2], runs[kwasm][2])
        return runs[kwasm][:2]

    def test_pdfcpu_precompiled(self):
        code, out = self.run_precompiled("pdfcpu.wasm", "/d", {"a.pdf": minimal_pdf(3)},
                                         ["info", "-c", "disable", "/d/in/a.pdf"])
        self.assertEqual(code, 0)
        self.assertIn(b"Page count: 3\n", out)

    # Pandoc's .kwasm has no memory image (it would pass the size limit): the
    # image is built on a thread while the code is assembled, and its
    # 620,000 functions' module is parsed beside the hashing.
    def test_pandoc_precompiled(self):
        code, out = self.run_precompiled("pandoc.wasm", "/", {"small.md": b"# Hi\n\n*there*\n"},
                                         ["-f", "markdown", "-t", "html", "/in/small.md"])
        self.assertEqual((code, out), (0, b'<h1 id="hi">Hi</h1>\n<p><em>there</em></p>\n'))

    # Pandoc (Haskell and C, with SIMD): converts documents between formats.
    # The large document keeps its garbage collector busy, which copies
    # objects with v128 loads and stores (6.6% of Node's profile of a 500 KB
    # conversion is that one function).
    # Pandoc creates the directory of its output, "." for stdout, so the
    # preopen is "/" (the guest's working directory).
    def test_pandoc(self):
        small = b"# Hello\n\nSome *emphasis* and a [link](https://x.org).\n\n- a\n- b\n"
        dirs = self.make_dirs({"small.md": small, "doc.md": markdown_document(600)})
        pandoc = lambda *args, env=(): self.run_both("pandoc.wasm", "/", dirs, list(args), env)
        code, out = pandoc("--version")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith(b"pandoc 3.10\n"), out)
        code, out = pandoc("-f", "markdown", "-t", "html", "/in/small.md")
        self.assertEqual((code, out), (0, b'<h1 id="hello">Hello</h1>\n'
                                          b'<p>Some <em>emphasis</em> and a '
                                          b'<a href="https://x.org">link</a>.</p>\n'
                                          b"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"))
        self.assertEqual(pandoc("-s", "-f", "markdown", "-t", "html", "/in/doc.md",
                                "-o", "/doc.html"), (0, b""))
        html = self.assert_same_file(dirs, "doc.html")
        self.assertEqual(html.count(b"<h2 id="), 600)
        self.assertEqual(html.count(b"<table>"), 600)
        self.assertIn("Größe 日本語".encode(), html)
        self.assertIn(b"<title>Generated document</title>", html)
        # To .docx: a zip archive deflated by zlib (SOURCE_DATE_EPOCH fixes
        # its timestamps). Each run compiles the 59 MB module anew, which
        # under ASan takes a while: CI runs this test in both builds, so it
        # keeps to five runs.
        self.assertEqual(pandoc("-f", "markdown", "-t", "docx", "/in/doc.md", "-o", "/doc.docx",
                                env=["SOURCE_DATE_EPOCH=1700000000"]), (0, b""))
        self.assertEqual(self.assert_same_file(dirs, "doc.docx")[:4], b"PK\x03\x04")
        self.assertEqual(pandoc("/in/missing.md"),
                         (1, b"/in/missing.md: withBinaryFile: does not exist "
                             b"(No such file or directory)\n"))


def fetch_modules():
    result = subprocess.run([FETCH, MODULES], capture_output=True, text=True)
    if result.returncode == 0:
        return
    message = "cannot fetch the npm WASI programs:\n" + result.stdout + result.stderr
    if os.environ.get("CI"):
        sys.exit("npm_programs_test: " + message)
    print("SKIPPED: npm_programs_test: " + message)
    sys.exit(EXIT_SKIPPED)


if __name__ == "__main__":
    fetch_modules()
    unittest_totals.main()
