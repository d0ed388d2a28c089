// End-to-end: the examples in examples/wasi run under Kiln (through
// kiln_wasi_run, which uses only the public API) and natively, with the same
// stdout and exit status; the sandbox probe and the hostile module produce
// exactly the expected errnos.
#include <fcntl.h>
#include <cstdlib>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "wasi/wasi.h"
#include "wasi_test_util.h"

namespace kiln::wasi {
namespace {

const std::string kExamples = KILN_WASI_EXAMPLES;

struct Outcome {
  int status = -1;
  std::string out;
};

/// Runs `argv` with exactly the environment `env` and stdin from the file
/// `stdinPath`, capturing stdout.
Outcome run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
            const std::string& stdinPath = "/dev/null") {
  int out[2];
  if (pipe(out) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(stdinPath.c_str(), O_RDONLY);
    dup2(in, 0);
    dup2(out[1], 1);
    close(out[0]);
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    // The forced path walk (ctest runs this test a second time with it)
    // reaches the runtime, never a native program.
    std::string forceWalk = "KILN_WASI_FORCE_PATH_WALK=1";
    const char* walk = std::getenv("KILN_WASI_FORCE_PATH_WALK");
    if (walk && std::string(walk) == "1" && argv[0] == KILN_WASI_RUN) {
      envp.push_back(forceWalk.data());
    }
    args.push_back(nullptr);
    envp.push_back(nullptr);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(out[1]);
  Outcome outcome;
  char buffer[65536];
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof buffer)) > 0) outcome.out.append(buffer, size_t(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

/// Runs example `name` under Kiln with the given kiln_wasi_run options.
Outcome runWasm(const std::string& name, const std::vector<std::string>& options,
                const std::vector<std::string>& args, const std::string& stdinPath = "/dev/null") {
  std::vector<std::string> argv = {KILN_WASI_RUN};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(kExamples + "/" + name + ".wasm");
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {}, stdinPath);
}

Outcome runNative(const std::string& name, const std::vector<std::string>& args,
                  const std::vector<std::string>& env = {},
                  const std::string& stdinPath = "/dev/null") {
  std::vector<std::string> argv = {kExamples + "/" + name + ".native"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, env, stdinPath);
}

TEST(WasiProgramsTest, HelloMatchesNative) {
  Outcome wasm = runWasm("hello", {"--env", "GREETING=hi there", "--env", "EMPTY="},
                         {"a", "b c", "\xc3\xa9t\xc3\xa9"});
  Outcome native = runNative("hello", {"a", "b c", "\xc3\xa9t\xc3\xa9"},
                             {"GREETING=hi there", "EMPTY="});
  EXPECT_EQ(wasm.status, 0);
  EXPECT_EQ(wasm.status, native.status);
  EXPECT_EQ(wasm.out, native.out);
  EXPECT_NE(wasm.out.find("argv[2] = b c\nargv[3] = \xc3\xa9t\xc3\xa9\nenv: GREETING=hi there"),
            std::string::npos)
      << wasm.out;
}

TEST(WasiProgramsTest, StdinReaderMatchesNative) {
  test::TempDir dir;
  std::string big;
  for (int i = 0; i < 300000; ++i) big += "line " + std::to_string(i) + "\n";
  dir.writeFile("big.txt", big);
  dir.writeFile("empty.txt", "");
  for (const char* file : {"big.txt", "empty.txt"}) {
    std::string path = dir.path() + "/" + file;
    Outcome wasm = runWasm("stdin_reader", {}, {}, path);
    Outcome native = runNative("stdin_reader", {}, {}, path);
    EXPECT_EQ(wasm.status, 0);
    EXPECT_EQ(wasm.out, native.out) << file;
  }
  EXPECT_EQ(runWasm("stdin_reader", {}, {}).out, "bytes: 0\nlines: 0\nfnv1a: 811c9dc5\n");
}

TEST(WasiProgramsTest, ClockRandomMatchesNative) {
  Outcome wasm = runWasm("clock_random", {}, {});
  Outcome native = runNative("clock_random", {});
  EXPECT_EQ(wasm.status, 0);
  EXPECT_EQ(wasm.out, native.out);
  EXPECT_EQ(wasm.out.find(": no"), std::string::npos) << wasm.out;
}

TEST(WasiProgramsTest, CompressorMatchesNative) {
  Outcome wasm = runWasm("compress", {}, {});
  Outcome native = runNative("compress", {});
  EXPECT_EQ(wasm.status, 0);
  EXPECT_EQ(wasm.out, native.out);
  EXPECT_NE(wasm.out.find("roundtrip: ok"), std::string::npos) << wasm.out;
}

TEST(WasiProgramsTest, FileToolCopiesAndListsInsidePreopen) {
  test::TempDir wasmDir, nativeDir;
  for (const test::TempDir* dir : {&wasmDir, &nativeDir}) {
    std::string data;
    for (int i = 0; i < 100000; ++i) data += char('a' + i % 26);
    dir->writeFile("source.bin", data);
    mkdir((dir->path() + "/nested").c_str(), 0755);
    dir->writeFile("nested/inner.txt", "inner");
  }
  // Under Kiln the directory is the preopen "work"; natively, a chdir-free
  // absolute path: compare the outputs, which do not mention the prefix.
  Outcome wasmCopy = runWasm("filetool", {"--dir", wasmDir.path() + "::work"},
                             {"copy", "work/source.bin", "work/copy.bin"});
  Outcome nativeCopy = runNative("filetool", {"copy", nativeDir.path() + "/source.bin",
                                              nativeDir.path() + "/copy.bin"});
  EXPECT_EQ(wasmCopy.status, 0);
  EXPECT_EQ(wasmCopy.out, nativeCopy.out);
  EXPECT_EQ(wasmDir.readFile("copy.bin"), wasmDir.readFile("source.bin"));

  Outcome wasmList = runWasm("filetool", {"--dir", wasmDir.path() + "::work"}, {"list", "work"});
  Outcome nativeList = runNative("filetool", {"list", nativeDir.path()});
  EXPECT_EQ(wasmList.status, 0);
  EXPECT_EQ(wasmList.out, nativeList.out);
  EXPECT_EQ(wasmList.out, "f copy.bin 100000\nd nested/\nf source.bin 100000\n3 entries\n");

  // Nothing outside the preopens is reachable.
  Outcome escape = runWasm("filetool", {"--dir", wasmDir.path() + "::work"},
                           {"cat", "work/../../etc/passwd"});
  EXPECT_NE(escape.status, 0);
  EXPECT_EQ(escape.out, "");
  Outcome absolute = runWasm("filetool", {}, {"cat", "/etc/passwd"});
  EXPECT_NE(absolute.status, 0);
  EXPECT_EQ(absolute.out, "");
}

TEST(WasiProgramsTest, ExitStatusAndLoadErrors) {
  test::TempDir dir;
  Outcome usage = runWasm("filetool", {}, {});
  EXPECT_EQ(usage.status, 2);  // main's return value through proc_exit
  EXPECT_EQ(runNative("filetool", {}).status, 2);
  dir.writeFile("file", "x");
  EXPECT_EQ(runWasm("hello", {"--dir", dir.path() + "/file"}, {}).status, 1);
}

TEST(WasiProgramsTest, SandboxProbe) {
  test::TempDir outer;
  std::string root = outer.path() + "/root", other = outer.path() + "/other";
  mkdir(root.c_str(), 0755);
  mkdir(other.c_str(), 0755);
  mkdir((root + "/sub").c_str(), 0755);
  outer.writeFile("outside.txt", "secret");
  outer.writeFile("root/file.txt", "inside");
  Outcome probe = runWasm("sandbox_probe", {"--dir", root + "::sandbox", "--dir", other + "::other"}, {});
  EXPECT_EQ(probe.status, 0);
  EXPECT_EQ(probe.out,
            "open file.txt: ok\n"
            "open ../outside.txt: ENOTCAPABLE\n"
            "open sub/../../outside.txt: ENOTCAPABLE\n"
            "open sub/../file.txt: ok\n"
            "open /etc/passwd: ENOTCAPABLE\n"
            "open /: ENOTCAPABLE\n"
            "symlink link_out -> ../outside.txt: ok\n"
            "open link_out (follow): ENOTCAPABLE\n"
            "open link_out (nofollow): ELOOP\n"
            "symlink link_abs -> /etc/passwd: ok\n"
            "open link_abs (follow): ENOTCAPABLE\n"
            "symlink sub/link_in -> ../file.txt: ok\n"
            "open sub/link_in (follow): ok\n"
            "open sub/link_in (nofollow): ELOOP\n"
            "open link_out/x (through link): ENOTCAPABLE\n"
            "create new.txt exclusively: ok\n"
            "create new.txt exclusively again: EEXIST\n"
            "open . as directory: ok\n"
            "fd_read on a directory: EISDIR\n"
            "open file.txt as directory: ENOTDIR\n"
            "fd_write on a read-only descriptor: ENOTCAPABLE\n"
            "gain rights with fd_fdstat_set_rights: ENOTCAPABLE\n"
            "rename new.txt to other/moved.txt: ok\n"
            "rename ../outside.txt in: ENOTCAPABLE\n"
            "mkdir ../escape: ENOTCAPABLE\n"
            "unlink ../outside.txt: ENOTCAPABLE\n"
            "open through fd 9 (not open): EBADF\n"
            "preopen 3: sandbox\n"
            "preopen 4: other\n");
  EXPECT_EQ(outer.readFile("outside.txt"), "secret");
  EXPECT_EQ(outer.readFile("other/moved.txt"), "");
  struct stat info;
  EXPECT_NE(stat((outer.path() + "/escape").c_str(), &info), 0);
}

TEST(WasiProgramsTest, HostileCallsGetErrnos) {
  test::TempDir dir;
  Engine engine;
  Store store(engine);
  auto module = Module::fromFile(engine, kExamples + "/hostile.wasm");
  ASSERT_TRUE(module) << module.error().toString();
  WasiConfig config;
  config.preopens = {{dir.path(), "dir"}};
  int devnull = open("/dev/null", O_RDWR);
  config.stdinFd = devnull;
  config.stdoutFd = devnull;
  auto created = WasiContext::create(config);
  ASSERT_TRUE(created);
  std::shared_ptr<WasiContext> wasi = std::move(*created);
  close(devnull);
  Linker linker;
  defineWasi(linker, store, wasi);
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().message;

  auto e = [](Errno error) { return int32_t(error); };
  const std::map<std::string, int32_t> expected = {
      {"write_buffer_past_end", e(Errno::Fault)},
      {"write_iovecs_past_end", e(Errno::Fault)},
      {"write_iovec_count_2_31", e(Errno::Fault)},
      {"write_result_past_end", e(Errno::Fault)},
      {"write_overlapping", 3},  // success, nwritten = 3 over the iovec
      {"read_into_own_iovec", 0},
      {"args_overlapping", 0},
      {"args_sizes_past_end", e(Errno::Fault)},
      {"random_past_end", e(Errno::Fault)},
      {"random_wrapping", e(Errno::Fault)},
      {"open_not_utf8", e(Errno::Ilseq)},
      {"open_embedded_nul", e(Errno::Inval)},
      {"open_path_past_end", e(Errno::Fault)},
      {"open_result_past_end", e(Errno::Fault)},
      {"open_through_stdout", e(Errno::NotCapable)},
      {"mkdir_not_utf8", e(Errno::Ilseq)},
      {"poll_no_subscriptions", e(Errno::Inval)},
      {"poll_subscriptions_past_end", e(Errno::Fault)},
      {"poll_count_2_31", e(Errno::Fault)},
      {"readdir_buffer_past_end", e(Errno::Fault)},
      {"prestat_name_past_end", e(Errno::Fault)},
      {"clock_unknown", e(Errno::Inval)},
      {"write_bad_fd", e(Errno::Badf)},
      {"renumber_to_closed", e(Errno::Badf)},
  };
  for (const auto& [name, errno_] : expected) {
    auto func = instance->getFunc(name);
    ASSERT_TRUE(func) << name;
    auto result = func->call({});
    ASSERT_TRUE(result) << name << ": " << result.error().message;
    EXPECT_EQ(result->at(0).i32(), errno_) << name;
  }
  // open_result_past_end (with O_CREAT) was refused before opening anything:
  // no descriptor leaked, no file created.
  EXPECT_EQ(wasi->fds().get(4).error(), Errno::Badf);
  struct stat info;
  EXPECT_NE(stat((dir.path() + "/dir").c_str(), &info), 0);
}

}  // namespace
}  // namespace kiln::wasi
