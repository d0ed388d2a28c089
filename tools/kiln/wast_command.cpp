#include "wast_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "kiln/config.h"
#include "kiln/engine.h"
#include "engine_options.h"
#include "wast/wast_runner.h"

namespace kiln {

namespace {

// "N passed, M failed", then ", K skipped" when commands were skipped.
std::string describeTotals(const WastTotals& totals) {
  std::string text = std::to_string(totals.passed) + " passed, " +
                     std::to_string(totals.failed) + " failed";
  if (totals.skipped) text += ", " + std::to_string(totals.skipped) + " skipped";
  return text;
}

// "skipped: 20 garbage collection, 5 SIMD": what the skipped commands wait for.
std::string describeSkipped(const WastTotals& totals) {
  std::string text = "skipped:";
  const char* separator = " ";
  for (const auto& [feature, count] : totals.skippedByFeature) {
    text += separator + std::to_string(count) + " " + feature;
    separator = ", ";
  }
  return text;
}

class WastCommand : public Command {
 public:
  CLI::App* declare(CLI::App& app) override {
    CLI::App* sub = app.add_subcommand("wast", "Run WebAssembly spec test scripts (.wast)");
    sub->add_option("files", files_, "Spec test scripts (.wast)")->required();
    engine_.declare(sub, "Interrupt any single call running longer than this many seconds");
    sub->add_flag("--verbose,-v", verbose_, "Print the totals of each file");
    return sub;
  }

  int run() override {
    const Config config = engine_.config();

    WastTotals total;
    for (const std::string& path : files_) {
      WastTotals totals = runIsolated(config, path);
      if (verbose_) {
        std::cout << path << ": " << describeTotals(totals) << "\n";
        if (totals.skipped) std::cout << path << ": " << describeSkipped(totals) << "\n";
      }
      total += totals;
    }
    if (total.skipped) std::cout << describeSkipped(total) << "\n";
    std::cout << describeTotals(total) << "\n";
    return total.failed ? kExitFailed : kExitOk;
  }

 private:
  WastTotals runInProcess(const Config& config, const std::string& path) const {
    Engine engine(config);
    return runWastScript(engine, path, std::cout, engine_.timeout(), engine_.codegen.fuel);
  }

  // Runs one script in a child process, so that a crash of Kiln on one
  // script costs that script only; the child sends its totals back through
  // a pipe. A crashed script counts as one failure.
  WastTotals runIsolated(const Config& config, const std::string& path) const {
    std::cout.flush();
    int channel[2];
    if (pipe(channel) != 0) return runInProcess(config, path);
    pid_t child = fork();
    if (child < 0) {
      close(channel[0]);
      close(channel[1]);
      return runInProcess(config, path);
    }
    if (child == 0) {
      close(channel[0]);
      const std::string totals = runInProcess(config, path).serialize();
      std::cout.flush();
      bool sent = write(channel[1], totals.data(), totals.size()) == ssize_t(totals.size());
      _exit(sent ? 0 : 1);
    }
    close(channel[1]);
    std::string received;
    char buffer[4096];
    for (ssize_t n; (n = read(channel[0], buffer, sizeof buffer)) > 0;) received.append(buffer, n);
    close(channel[0]);
    int status = 0;
    waitpid(child, &status, 0);
    std::optional<WastTotals> totals = WastTotals::deserialize(received);
    if (totals && WIFEXITED(status) && WEXITSTATUS(status) == 0) return *totals;
    std::cout << path << ": error: ";
    if (WIFSIGNALED(status)) {
      std::cout << "crashed with signal " << WTERMSIG(status) << " ("
                << strsignal(WTERMSIG(status)) << ")";
    } else {
      std::cout << "stopped with exit status " << WEXITSTATUS(status);
    }
    std::cout << "; its results are lost\n";
    WastTotals crashed;
    crashed.failed = 1;
    return crashed;
  }

  std::vector<std::string> files_;
  EngineOptions engine_;
  bool verbose_ = false;
};

}  // namespace

std::unique_ptr<Command> makeWastCommand() { return std::make_unique<WastCommand>(); }

}  // namespace kiln
