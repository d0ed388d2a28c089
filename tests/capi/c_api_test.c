/* A whole embedding written in C and compiled as C: proves include/wasm.h
 * (and kiln.h, included here too) is valid C (with its macros and inline helpers) and drives the C API the way a
 * C host does. c_api_test_driver.cpp gives it the module and reports. */
#include <stdio.h>
#include <string.h>

#include "kiln.h"
#include "wasm.h"

int kiln_capi_c_scenario(const char* wasm, size_t size, char* error, size_t error_size);

typedef struct {
  int calls;
  int finalized;
} host_state;

static own wasm_trap_t* host_hello(void* env, const wasm_val_vec_t* args,
                                   wasm_val_vec_t* results) {
  host_state* state = (host_state*)env;
  state->calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1000;
  return NULL;
}

static void host_finalize(void* env) { ((host_state*)env)->finalized++; }

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      snprintf(error, error_size, "line %d: check failed: %s", __LINE__, #cond); \
      goto done;                                                               \
    }                                                                          \
  } while (0)

int kiln_capi_c_scenario(const char* wasm, size_t size, char* error, size_t error_size) {
  int failed = 1;
  host_state state = {0, 0};
  wasm_engine_t* engine = wasm_engine_new_with_config(wasm_config_new());
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wasm_module_t* module = NULL;
  wasm_func_t* hello = NULL;
  wasm_instance_t* instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_functype_t* hello_type = NULL;
  wasm_importtype_vec_t import_types = WASM_EMPTY_VEC;

  wasm_byte_vec_new(&binary, size, wasm);
  CHECK(wasm_module_validate(store, &binary));
  module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  wasm_module_imports(module, &import_types);
  CHECK(import_types.size == 1);
  CHECK(wasm_importtype_name(import_types.data[0])->size == 5);
  CHECK(memcmp(wasm_importtype_name(import_types.data[0])->data, "hello", 5) == 0);

  hello_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  hello = wasm_func_new_with_env(store, hello_type, host_hello, &state, host_finalize);
  CHECK(hello != NULL);
  {
    wasm_extern_t* imports[] = {wasm_func_as_extern(hello)};
    wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
    instance = wasm_instance_new(store, module, &import_vec, &trap);
  }
  CHECK(instance != NULL && trap == NULL);
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);

  {
    /* run(x) = hello(x) * 2 */
    wasm_val_t args[] = {WASM_I32_VAL(21)};
    wasm_val_t results[] = {WASM_INIT_VAL};
    wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
    wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
    const wasm_func_t* run = wasm_extern_as_func_const(exports.data[0]);
    CHECK(run != NULL);
    CHECK(wasm_func_param_arity(run) == 1 && wasm_func_result_arity(run) == 1);
    trap = wasm_func_call(run, &arg_vec, &result_vec);
    CHECK(trap == NULL);
    CHECK(results[0].kind == WASM_I32 && results[0].of.i32 == 2042);
    CHECK(state.calls == 1);
  }
  {
    wasm_memory_t* memory = wasm_extern_as_memory(exports.data[1]);
    CHECK(memory != NULL);
    CHECK(memcmp(wasm_memory_data(memory), "from C", 6) == 0);
    CHECK(wasm_memory_grow(memory, 1) && wasm_memory_size(memory) == 2);
  }
  {
    wasm_val_t value = WASM_INIT_VAL;
    wasm_global_get(wasm_extern_as_global(exports.data[2]), &value);
    CHECK(value.kind == WASM_F64 && value.of.f64 == 0.5);
  }
  {
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_message_t message;
    trap = wasm_func_call(wasm_extern_as_func(exports.data[3]), &none, &none);
    CHECK(trap != NULL);
    wasm_trap_message(trap, &message);
    CHECK(strcmp(message.data, "integer divide by zero") == 0);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    trap = NULL;
  }
  {
    wasm_val_t ptr;
    wasm_val_init_ptr(&ptr, &state);
    CHECK(wasm_val_ptr(&ptr) == &state);
  }
  failed = 0;

done:
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_importtype_vec_delete(&import_types);
  wasm_instance_delete(instance);
  wasm_func_delete(hello);
  wasm_functype_delete(hello_type);
  wasm_module_delete(module);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store);
  if (!failed && state.finalized != 1) {
    snprintf(error, error_size, "the environment was finalized %d times", state.finalized);
    failed = 1;
  }
  wasm_engine_delete(engine);
  return failed;
}
