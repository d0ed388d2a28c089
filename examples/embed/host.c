/* A C host embedding Kiln through wasm.h and kiln.h: loads a module written
 * in the text format, gives it a host function, calls an export, catches a
 * trap, and runs a WASI program whose output goes to a file.
 *
 *   cc host.c $(pkg-config --cflags --libs kiln) -o host_c && ./host_c OUT_FILE
 *
 * Prints what it sees and exits 0 when everything behaved as expected. */
#include <stdio.h>
#include <string.h>

#include "kiln.h"
#include "wasm.h"

static const char kCalc[] =
    "(module\n"
    "  (import \"env\" \"triple\" (func $triple (param i32) (result i32)))\n"
    "  (func (export \"compute\") (param i32) (result i32)\n"
    "    (i32.add (call $triple (local.get 0)) (i32.const 1)))\n"
    "  (func (export \"divide\") (param i32 i32) (result i32)\n"
    "    (i32.div_s (local.get 0) (local.get 1))))";

static const char kHello[] =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\"\n"
    "    (func $fd_write (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"hello from wasi\\n\")\n"
    "  (func (export \"_start\")\n"
    "    (i32.store (i32.const 0) (i32.const 16))\n"
    "    (i32.store (i32.const 4) (i32.const 16))\n"
    "    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    "    (call $exit (i32.const 7))))";

static int failures = 0;

static void check(int ok, const char* what) {
  printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
}

static void print_error(kiln_error_t* error) {
  wasm_name_t message;
  kiln_error_message(error, &message);
  printf("error: %.*s\n", (int)message.size, message.data);
  wasm_byte_vec_delete(&message);
}

/* The host function env.triple: its argument times three. */
static wasm_trap_t* triple(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int* calls = (int*)env;
  ++*calls;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 3;
  return NULL;
}

static wasm_module_t* compile(wasm_store_t* store, const char* wat) {
  wasm_byte_vec_t binary;
  kiln_error_t* error = kiln_wat2wasm(wat, strlen(wat), &binary);
  if (error) {
    print_error(error);
    kiln_error_delete(error);
    return NULL;
  }
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  return module;
}

static void run_calc(wasm_store_t* store) {
  kiln_linker_t* linker = kiln_linker_new(store);
  int calls = 0;
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  kiln_error_t* error = kiln_linker_define_func(linker, "env", "triple", type, triple, &calls, NULL);
  wasm_functype_delete(type);
  check(error == NULL, "define the host function env.triple");

  wasm_module_t* module = compile(store, kCalc);
  wasm_instance_t* instance = NULL;
  error = module ? kiln_linker_instantiate(linker, module, &instance) : NULL;
  if (error) print_error(error);
  check(instance != NULL, "instantiate through the linker");
  if (instance) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t* compute = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t* divide = wasm_extern_as_func(exports.data[1]);

    wasm_val_t args[2] = {WASM_I32_VAL(14), WASM_I32_VAL(0)};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t arg_vec = {1, args};
    wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
    wasm_trap_t* trap = wasm_func_call(compute, &arg_vec, &result_vec);
    printf("compute(14) = %d\n", results[0].of.i32);
    check(trap == NULL && results[0].of.i32 == 43 && calls == 1, "call an export that calls the host");

    arg_vec.size = 2;
    trap = wasm_func_call(divide, &arg_vec, &result_vec);
    kiln_trap_code_t code = 0;
    check(trap != NULL && kiln_trap_code(trap, &code) && code == KILN_TRAP_INTEGER_DIVISION_BY_ZERO,
          "catch the trap of divide(14, 0)");
    if (trap) {
      wasm_message_t message;
      wasm_trap_message(trap, &message);
      printf("trap: %s\n", message.data);
      wasm_byte_vec_delete(&message);
      wasm_trap_delete(trap);
    }
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  kiln_error_delete(error);
  wasm_module_delete(module);
  kiln_linker_delete(linker);
}

static void run_wasi(wasm_store_t* store, const char* out_path) {
  kiln_wasi_config_t* config = kiln_wasi_config_new();
  kiln_wasi_config_arg(config, "hello");
  check(kiln_wasi_config_stdout_file(config, out_path), "redirect the guest's stdout");
  kiln_linker_t* linker = kiln_linker_new(store);
  kiln_error_t* error = kiln_linker_define_wasi(linker, config);
  check(error == NULL, "define WASI");
  wasm_module_t* module = compile(store, kHello);
  wasm_instance_t* instance = NULL;
  if (!error && module) error = kiln_linker_instantiate(linker, module, &instance);
  if (instance) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_val_vec_t no_results = WASM_EMPTY_VEC;
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[1]), &none, &no_results);
    int status = -1;
    check(kiln_trap_exit_status(trap, &status) && status == 7, "the WASI program exits with 7");
    wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  FILE* out = fopen(out_path, "r");
  char line[64] = {0};
  if (out) {
    if (!fgets(line, sizeof line, out)) line[0] = 0;
    fclose(out);
  }
  printf("the WASI program wrote: %s", line);
  check(strcmp(line, "hello from wasi\n") == 0, "its output is in the file");
  kiln_error_delete(error);
  wasm_module_delete(module);
  kiln_linker_delete(linker);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUTPUT_FILE\n", argv[0]);
    return 2;
  }
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  run_calc(store);
  run_wasi(store, argv[1]);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("%d failed\n", failures);
  return failures ? 1 : 0;
}
