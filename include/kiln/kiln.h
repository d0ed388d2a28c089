// Kiln's C++ embedding API: include this one header.
//
//   kiln::Engine engine;                       // configuration, shared state
//   kiln::Store store(engine);                 // owns instances and host objects
//   auto module = kiln::Module::fromFile(engine, "app.wasm");
//   kiln::Linker linker;                       // host functions, imports
//   auto instance = linker.instantiate(store, *module);
//   auto results = instance->getFunc("run")->call(args);
//
// Every operation that can fail returns a kiln::Error (kiln/error.h) whose
// kind says what happened.
#pragma once

#include "kiln/backtrace.h"
#include "kiln/config.h"
#include "kiln/engine.h"
#include "kiln/error.h"
#include "kiln/exception.h"
#include "kiln/expected.h"
#include "kiln/extern.h"
#include "kiln/extern_kind.h"
#include "kiln/func_type.h"
#include "kiln/instance.h"
#include "kiln/limits.h"
#include "kiln/linker.h"
#include "kiln/module.h"
#include "kiln/read_file.h"
#include "kiln/store.h"
#include "kiln/store_limits.h"
#include "kiln/tag.h"
#include "kiln/trap.h"
#include "kiln/trap_code.h"
#include "kiln/typed_func.h"
#include "kiln/utf8.h"
#include "kiln/val.h"
#include "kiln/value_type.h"
#include "kiln/wasi.h"
#include "kiln/wat.h"
