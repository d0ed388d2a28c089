// kiln_wasi_run: runs a WASI command module under Kiln through the public
// API, the way `kiln run` does, for the tests to compare against native runs.
//
//   kiln_wasi_run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... FILE [ARGS...]
//
// Exit status: the guest's, 134 after a trap, 1 when loading or linking fails.
#include <cstdio>
#include <cstring>
#include <string>

#include "kiln/kiln.h"

int main(int argc, char** argv) {
  kiln::WasiConfig config;
  int i = 1;
  for (; i + 1 < argc; i += 2) {
    std::string option = argv[i], value = argv[i + 1];
    if (option == "--dir") {
      size_t split = value.find("::");
      config.preopens.push_back(split == std::string::npos
                                    ? kiln::WasiPreopen{value, value}
                                    : kiln::WasiPreopen{value.substr(0, split),
                                                        value.substr(split + 2)});
    } else if (option == "--env") {
      size_t split = value.find('=');
      config.env.emplace_back(value.substr(0, split),
                              split == std::string::npos ? "" : value.substr(split + 1));
    } else {
      break;
    }
  }
  if (i >= argc) {
    std::fprintf(stderr, "usage: kiln_wasi_run [--dir D[::G]] [--env N=V] FILE [ARGS...]\n");
    return 1;
  }
  for (int a = i; a < argc; ++a) config.args.push_back(argv[a]);

  kiln::Engine engine;
  kiln::Store store(engine);
  auto module = kiln::Module::fromFile(engine, argv[i]);
  if (!module) {
    std::fprintf(stderr, "error: %s\n", module.error().toString().c_str());
    return 1;
  }
  auto wasi = kiln::Wasi::create(config);
  if (!wasi) {
    std::fprintf(stderr, "error: %s\n", wasi.error().message.c_str());
    return 1;
  }
  kiln::Linker linker;
  wasi->define(linker, store);
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    std::fprintf(stderr, "error: %s\n", instance.error().message.c_str());
    return 1;
  }
  auto start = instance->getFunc("_start");
  if (!start) {
    std::fprintf(stderr, "error: module exports no _start\n");
    return 1;
  }
  auto result = start->call({});
  std::fflush(stdout);
  if (auto status = kiln::Wasi::exitStatus(result)) return *status;
  std::fprintf(stderr, "trap: %s\n", result.error().message.c_str());
  return 134;
}
