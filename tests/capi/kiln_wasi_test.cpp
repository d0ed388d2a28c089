// kiln.h's WASI: arguments, environment, preopened directories and
// redirected stdio reach the guest, and its exit status comes back.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiln_test_util.h"

namespace kiln::capi_test {
namespace {

/// A temporary directory, removed with everything in it.
struct TempDir {
  TempDir() {
    char name[] = "/tmp/kiln_wasi_capi_XXXXXX";
    path = mkdtemp(name) ? name : "";
  }
  ~TempDir() {
    if (!path.empty()) std::filesystem::remove_all(path);
  }
  std::string path;
};

std::string readAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Writes "hello " and its first preopen's guest name to stdout, then exits
/// with argc * 10 + the number of environment variables.
constexpr const char* kGuest = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello ")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $prestat (i32.const 3) (i32.const 32)))
    (drop (call $dir_name (i32.const 3) (i32.const 64) (i32.load (i32.const 36))))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.load (i32.const 36)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $args_sizes (i32.const 40) (i32.const 44)))
    (drop (call $env_sizes (i32.const 48) (i32.const 52)))
    (call $exit (i32.add (i32.mul (i32.load (i32.const 40)) (i32.const 10))
                         (i32.load (i32.const 48)))))))";

using KilnWasi = KilnTest;

TEST_F(KilnWasi, GuestSeesItsConfigurationAndExits) {
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  std::string out = dir.path + "/stdout.txt";
  kiln_wasi_config_t* config = kiln_wasi_config_new();
  kiln_wasi_config_arg(config, "prog");
  kiln_wasi_config_arg(config, "arg");
  kiln_wasi_config_env(config, "NAME", "value");
  kiln_wasi_config_preopen_dir(config, dir.path.c_str(), "sandbox");
  ASSERT_TRUE(kiln_wasi_config_stdout_file(config, out.c_str()));
  EXPECT_FALSE(kiln_wasi_config_stdin_file(config, (dir.path + "/missing").c_str()));

  kiln_linker_t* linker = kiln_linker_new(store);
  kiln_error_t* error = kiln_linker_define_wasi(linker, config);
  ASSERT_EQ(error, nullptr) << text(error);
  wasm_module_t* module = compile(kGuest);
  wasm_instance_t* instance = nullptr;
  error = kiln_linker_instantiate(linker, module, &instance);
  ASSERT_EQ(error, nullptr) << text(error);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &results);
  ASSERT_NE(trap, nullptr);
  int status = -1;
  EXPECT_TRUE(kiln_trap_exit_status(trap, &status));
  EXPECT_EQ(status, 21);
  kiln_trap_code_t code;
  EXPECT_FALSE(kiln_trap_code(trap, &code));
  wasm_trap_delete(trap);
  EXPECT_EQ(readAll(out), "hello sandbox");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  kiln_linker_delete(linker);
}

TEST_F(KilnWasi, MissingPreopenIsAResourceError) {
  kiln_wasi_config_t* config = kiln_wasi_config_new();
  kiln_wasi_config_preopen_dir(config, "/nonexistent/kiln/dir", "data");
  kiln_wasi_config_inherit_stdio(config);
  kiln_linker_t* linker = kiln_linker_new(store);
  kiln_error_t* error = kiln_linker_define_wasi(linker, config);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_RESOURCE);
  EXPECT_NE(text(error).find("/nonexistent/kiln/dir"), std::string::npos) << text(error);
  kiln_error_delete(error);
  // Without WASI defined, a WASI module does not link.
  wasm_module_t* module = compile(kGuest);
  wasm_instance_t* instance = nullptr;
  error = kiln_linker_instantiate(linker, module, &instance);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(kiln_error_kind(error), KILN_ERROR_LINK);
  kiln_error_delete(error);
  wasm_module_delete(module);
  kiln_linker_delete(linker);
  EXPECT_NE((error = kiln_linker_define_wasi(nullptr, kiln_wasi_config_new())), nullptr);
  kiln_error_delete(error);
}

}  // namespace
}  // namespace kiln::capi_test
