// A fault outside Wasm code must reach whoever handled the signal before
// Kiln. Each case runs in a forked child, so the order of installation is
// under the test's control (Kiln installs its handlers once per process).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm/signal_handler.h"

namespace kiln {
namespace {

constexpr int kPreviousHandlerExit = 42;

void previousHandler(int, siginfo_t*, void*) { _exit(kPreviousHandlerExit); }

/// Touches an inaccessible page from host code.
void faultInHostCode() {
  void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *static_cast<volatile int*>(page) = 1;
}

/// Runs `body` in a child process and returns its wait status.
template <class F>
int inChild(F body) {
  pid_t pid = fork();
  if (pid == 0) {
    body();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(SignalChain, HostFaultReachesTheHandlerInstalledBeforeKiln) {
  int status = inChild([] {
    struct sigaction action {};
    action.sa_sigaction = previousHandler;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, nullptr);
    prepareThreadForWasm();
    faultInHostCode();
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), kPreviousHandlerExit);
}

TEST(SignalChain, HostFaultWithADefaultPreviousHandlerKillsTheProcess) {
  int status = inChild([] {
    signal(SIGSEGV, SIG_DFL);  // sanitizers install their own handler
    prepareThreadForWasm();
    faultInHostCode();
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGSEGV);
}

TEST(SignalChain, SentSignalWithADefaultPreviousHandlerStillActs) {
  int status = inChild([] {
    signal(SIGBUS, SIG_DFL);
    prepareThreadForWasm();
    raise(SIGBUS);
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGBUS);
}

}  // namespace
}  // namespace kiln
