#include "wast_script.h"

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <nlohmann/json.hpp>

extern char** environ;

namespace kiln::spec {
namespace {

namespace fs = std::filesystem;

}  // namespace

int runLogged(const std::vector<std::string>& argv, const fs::path& logPath) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, logPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawnError = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawnError != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

std::string stringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

WastScript convertWast(const std::string& wast2json, const fs::path& wastPath,
                       const fs::path& outputRoot) {
  WastScript script;
  script.name = wastPath.stem().string();
  script.wastPath = wastPath;
  script.outputDir = outputRoot / script.name;
  fs::remove_all(script.outputDir);
  fs::create_directories(script.outputDir);

  fs::path jsonPath = script.outputDir / (script.name + ".json");
  fs::path logPath = script.outputDir / "wast2json.log";
  int status = runLogged({wast2json, wastPath.string(), "-o", jsonPath.string()}, logPath);
  if (status != 0) {
    throw std::runtime_error(wast2json + " failed on " + wastPath.string() + " (exit " +
                             std::to_string(status) + "), see " + logPath.string());
  }

  std::ifstream in(jsonPath);
  nlohmann::json document = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("commands") ||
      !document["commands"].is_array()) {
    throw std::runtime_error("unreadable wast2json output " + jsonPath.string());
  }
  for (const nlohmann::json& entry : document["commands"]) {
    WastCommand command;
    command.type = stringField(entry, "type");
    command.line = entry.value("line", 0u);
    command.filename = stringField(entry, "filename");
    command.moduleType = stringField(entry, "module_type");
    command.text = stringField(entry, "text");
    script.commands.push_back(std::move(command));
  }
  return script;
}

std::vector<fs::path> listWastFiles(const fs::path& directory) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".wast") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<std::vector<uint8_t>> readBinaryFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

}  // namespace kiln::spec
