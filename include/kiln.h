/* Kiln's C extension to the standard C API (wasm.h): what embedders use every
 * day and wasm.h lacks. Every name starts with kiln_.
 *
 *   wasm_config_t* config = wasm_config_new();
 *   kiln_config_consume_fuel(config, true);
 *   wasm_engine_t* engine = wasm_engine_new_with_config(config);
 *   wasm_store_t* store = wasm_store_new(engine);
 *   kiln_store_set_fuel(store, 1000000);
 *   kiln_linker_t* linker = kiln_linker_new(store);
 *   kiln_wasi_config_t* wasi = kiln_wasi_config_new();
 *   kiln_wasi_config_arg(wasi, "prog");
 *   kiln_error_t* error = kiln_linker_define_wasi(linker, wasi);
 *   ... kiln_linker_instantiate(linker, module, &instance) ...
 *
 * Conventions are wasm.h's (`own`, NULL on failure). A function that can fail
 * for a reason the host acts on returns an own kiln_error_t*, NULL on
 * success. Names are NUL-terminated UTF-8. */
#ifndef KILN_KILN_H
#define KILN_KILN_H

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors --------------------------------------------------------------------------------- */

/* Why a module did not load, link, instantiate or finish running. */
typedef struct kiln_error_t kiln_error_t;

/* What went wrong, in the terms a host acts on (kiln::ErrorKind). */
typedef uint8_t kiln_error_kind_t;
enum kiln_error_kind_enum {
  KILN_ERROR_MALFORMED,   /* not a module: bytes or text break the format */
  KILN_ERROR_INVALID,     /* a module that fails validation */
  KILN_ERROR_UNSUPPORTED, /* a feature Kiln does not implement */
  KILN_ERROR_LINK,        /* imports missing or of the wrong type */
  KILN_ERROR_RESOURCE,    /* memory, a limit, or a file could not be read */
  KILN_ERROR_TRAP,        /* Wasm code trapped: kiln_error_trap_code */
  KILN_ERROR_EXCEPTION,   /* an uncaught Wasm exception */
  KILN_ERROR_EXIT,        /* the guest exited (WASI proc_exit): kiln_error_exit_status */
  KILN_ERROR_HOST,        /* a host function refused the call */
};

WASM_API_EXTERN void kiln_error_delete(own kiln_error_t*);
WASM_API_EXTERN kiln_error_kind_t kiln_error_kind(const kiln_error_t*);
/* The message, for people (with the offset and function when known). */
WASM_API_EXTERN void kiln_error_message(const kiln_error_t*, own wasm_name_t* out);
/* Kind EXIT: true and the guest's exit status. */
WASM_API_EXTERN bool kiln_error_exit_status(const kiln_error_t*, int* status);

/* ---- Trap codes ----------------------------------------------------------------------------- */

/* Why compiled code trapped: kiln::TrapCode, value for value (the C API's
 * build checks that the two lists agree). */
typedef uint8_t kiln_trap_code_t;
enum kiln_trap_code_enum {
  KILN_TRAP_STACK_OVERFLOW,
  KILN_TRAP_HEAP_ACCESS_OUT_OF_BOUNDS,
  KILN_TRAP_HEAP_MISALIGNED,
  KILN_TRAP_TABLE_ACCESS_OUT_OF_BOUNDS,
  KILN_TRAP_INDIRECT_CALL_TO_NULL,
  KILN_TRAP_BAD_SIGNATURE,
  KILN_TRAP_INTEGER_OVERFLOW,
  KILN_TRAP_INTEGER_DIVISION_BY_ZERO,
  KILN_TRAP_BAD_CONVERSION_TO_INTEGER,
  KILN_TRAP_UNREACHABLE,
  KILN_TRAP_INTERRUPT,
  KILN_TRAP_OUT_OF_FUEL,
  KILN_TRAP_NULL_FUNCTION_REFERENCE,
  KILN_TRAP_NULL_REFERENCE,
  KILN_TRAP_NULL_EXCEPTION_REFERENCE,
  KILN_TRAP_EXPECTED_SHARED_MEMORY,
  /* a lazily compiled function's first call found no memory for its code */
  KILN_TRAP_COMPILE_FAILED,
  KILN_TRAP_CODE_COUNT
};

/* True and the code when Wasm code raised `trap` (false for a trap a host
 * made with wasm_trap_new, or the end of a WASI program). */
WASM_API_EXTERN bool kiln_trap_code(const wasm_trap_t* trap, kiln_trap_code_t* code);
/* True and the status when `trap` is a WASI guest's exit (proc_exit). */
WASM_API_EXTERN bool kiln_trap_exit_status(const wasm_trap_t* trap, int* status);
/* Kind TRAP: true and the trap's code. */
WASM_API_EXTERN bool kiln_error_trap_code(const kiln_error_t*, kiln_trap_code_t* code);

/* ---- Engine configuration ------------------------------------------------------------------- */

/* How compiled code catches out-of-bounds memory accesses (kiln::MemoryMode). */
typedef uint8_t kiln_memory_mode_t;
enum kiln_memory_mode_enum {
  KILN_MEMORY_GUARD_PAGES,  /* 8 GiB reserved per memory, no checks (default) */
  KILN_MEMORY_BOUNDS_CHECKS /* explicit checks; many more memories per process */
};

WASM_API_EXTERN void kiln_config_memory_mode(wasm_config_t*, kiln_memory_mode_t);
/* Bytes of native stack Wasm code may use before a stack overflow trap. */
WASM_API_EXTERN void kiln_config_max_wasm_stack(wasm_config_t*, size_t bytes);
/* Route every rounding, copy and fill through its runtime library call. */
WASM_API_EXTERN void kiln_config_force_libcalls(wasm_config_t*, bool);
/* Meter fuel (kiln_store_set_fuel); running out traps KILN_TRAP_OUT_OF_FUEL. */
WASM_API_EXTERN void kiln_config_consume_fuel(wasm_config_t*, bool);
/* Compile the checks that let kiln_store_interrupt stop running code. */
WASM_API_EXTERN void kiln_config_interruptible(wasm_config_t*, bool);
/* Cache compiled code in `directory` (docs/cache.md): wasm_module_new looks
 * it up before compiling and stores what it compiled. NULL (the default):
 * no cache. `max_bytes` bounds its size (least recently used entries are
 * evicted); 0 keeps the default, 1 GiB. */
WASM_API_EXTERN void kiln_config_cache(wasm_config_t*, const char* directory, uint64_t max_bytes);

/* ---- Fuel and interruption ------------------------------------------------------------------ */

/* Gives the store `fuel` units (replacing what was left); false when its
 * engine does not meter fuel. */
WASM_API_EXTERN bool kiln_store_set_fuel(wasm_store_t*, uint64_t fuel);
/* True and the fuel left; false when the engine does not meter fuel. */
WASM_API_EXTERN bool kiln_store_fuel(const wasm_store_t*, uint64_t* fuel);
/* Stops the Wasm code running in the store at its next function entry or
 * loop back-edge with KILN_TRAP_INTERRUPT (kiln_config_interruptible). The
 * one function that may be called from another thread. */
WASM_API_EXTERN void kiln_store_interrupt(wasm_store_t*);

/* ---- Text format ---------------------------------------------------------------------------- */

/* Converts a module in the text format (.wat) to the binary format with
 * Kiln's own parser. On a parse error returns the error (kind MALFORMED,
 * "LINE:COLUMN: message" lines) and leaves `out` empty. */
WASM_API_EXTERN own kiln_error_t* kiln_wat2wasm(const char* text, size_t size,
                                                own wasm_byte_vec_t* out);

/* ---- Precompiled modules (.kwasm) ----------------------------------------------------------- */

/* Writes the compiled module to `path` in Kiln's .kwasm format (the one of
 * wasm_module_serialize), atomically; NULL on success. */
WASM_API_EXTERN own kiln_error_t* kiln_module_serialize_file(const wasm_module_t*, const char* path);
/* Loads a .kwasm file made by this build of Kiln for an engine with the
 * store's code options, mapping its code from the file; sets *out and
 * returns NULL, or returns the error (UNSUPPORTED: another build, options or
 * CPU; MALFORMED: a truncated or corrupted file) and sets *out to NULL. A
 * .kwasm is trusted input, like a shared library. */
WASM_API_EXTERN own kiln_error_t* kiln_module_deserialize_file(wasm_store_t*, const char* path,
                                                               own wasm_module_t** out);

/* ---- WASI ----------------------------------------------------------------------------------- */

/* What a WASI (wasi_snapshot_preview1) guest sees of the world. By default:
 * no arguments, no environment, no directories, the host's stdio. */
typedef struct kiln_wasi_config_t kiln_wasi_config_t;

WASM_API_EXTERN own kiln_wasi_config_t* kiln_wasi_config_new(void);
WASM_API_EXTERN void kiln_wasi_config_delete(own kiln_wasi_config_t*);
/* Appends one argument (the first is the program's name, argv[0]). */
WASM_API_EXTERN void kiln_wasi_config_arg(kiln_wasi_config_t*, const char* arg);
/* Adds NAME=VALUE to the guest's environment. */
WASM_API_EXTERN void kiln_wasi_config_env(kiln_wasi_config_t*, const char* name,
                                          const char* value);
/* Lets the guest use the host directory `host_path` as `guest_path`.
 * Checked when the configuration is used (kiln_linker_define_wasi). */
WASM_API_EXTERN void kiln_wasi_config_preopen_dir(kiln_wasi_config_t*, const char* host_path,
                                                  const char* guest_path);
/* The guest's stdin reads the file at `path`; false if it cannot be opened. */
WASM_API_EXTERN bool kiln_wasi_config_stdin_file(kiln_wasi_config_t*, const char* path);
/* The guest's stdout (stderr) writes to the file at `path`, created or
 * truncated; false if it cannot be opened. */
WASM_API_EXTERN bool kiln_wasi_config_stdout_file(kiln_wasi_config_t*, const char* path);
WASM_API_EXTERN bool kiln_wasi_config_stderr_file(kiln_wasi_config_t*, const char* path);
/* The guest's stdin, stdout and stderr are the host's again. */
WASM_API_EXTERN void kiln_wasi_config_inherit_stdio(kiln_wasi_config_t*);

/* ---- Linker --------------------------------------------------------------------------------- */

/* Named definitions that a module's imports are resolved against, for the
 * modules of one store. */
typedef struct kiln_linker_t kiln_linker_t;

WASM_API_EXTERN own kiln_linker_t* kiln_linker_new(wasm_store_t* store);
WASM_API_EXTERN void kiln_linker_delete(own kiln_linker_t*);
/* Defines `module`.`name` as `item` (an object of the linker's store);
 * replaces an earlier definition of that name. */
WASM_API_EXTERN own kiln_error_t* kiln_linker_define(kiln_linker_t*, const char* module,
                                                     const char* name, const wasm_extern_t* item);
/* Defines a host function, as wasm_func_new_with_env makes it. */
WASM_API_EXTERN own kiln_error_t* kiln_linker_define_func(
    kiln_linker_t*, const char* module, const char* name, const wasm_functype_t* type,
    wasm_func_callback_with_env_t callback, void* env, void (*finalizer)(void*));
/* Defines every export of `instance` under the module name `module`. */
WASM_API_EXTERN own kiln_error_t* kiln_linker_define_instance(kiln_linker_t*, const char* module,
                                                              const wasm_instance_t* instance);
/* Instantiates `module` with the linker's definitions and defines its
 * exports under the module name `name`. */
WASM_API_EXTERN own kiln_error_t* kiln_linker_define_module(kiln_linker_t*, const char* name,
                                                            const wasm_module_t* module);
/* Defines the WASI functions (wasi_snapshot_preview1 and wasi_unstable),
 * backed by a context made from `config`, which it takes over. Fails (kind
 * RESOURCE) when a preopened directory cannot be opened. */
WASM_API_EXTERN own kiln_error_t* kiln_linker_define_wasi(kiln_linker_t*,
                                                          own kiln_wasi_config_t* config);
/* Resolves the imports of `module` and instantiates it. On success *instance
 * is the new instance; on failure it is NULL and the error says why (LINK
 * lists every missing or mistyped import; TRAP when the start function
 * traps). */
WASM_API_EXTERN own kiln_error_t* kiln_linker_instantiate(const kiln_linker_t*,
                                                          const wasm_module_t* module,
                                                          own wasm_instance_t** instance);

#ifdef __cplusplus
}
#endif

#endif /* KILN_KILN_H */
