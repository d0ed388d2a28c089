#include "background_cache_fill.h"

#include <fcntl.h>
#include <sched.h>
#include <spawn.h>

#include <climits>
#include <unistd.h>

extern char** environ;

namespace kiln {

void fillCacheInBackground(const std::string& cacheDirectory,
                           const std::vector<std::string>& options, const std::string& file) {
  char self[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) return;
  self[length] = 0;
  std::vector<std::string> args = {self, "compile", "--cache", cacheDirectory};
  args.insert(args.end(), options.begin(), options.end());
  args.push_back("--");
  args.push_back(file);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  if (posix_spawn_file_actions_init(&actions) != 0) return;
  if (posix_spawnattr_init(&attributes) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return;
  }
  for (int fd : {0, 1, 2}) {
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  }
  // Its own session: a terminal's signals to this run's process group (^C
  // after the run) leave it alone. Idle priority: it takes no CPU time a
  // program started meanwhile wants.
  sched_param priority{};
  posix_spawnattr_setschedpolicy(&attributes, SCHED_IDLE);
  posix_spawnattr_setschedparam(&attributes, &priority);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSCHEDULER);
  pid_t child;
  posix_spawn(&child, self, &actions, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
}

}  // namespace kiln
