// Kiln's C++ embedding API: include this one header.
//
//   kiln::Engine engine;                       // configuration, shared state
//   kiln::Store store(engine);                 // owns instances and host objects
//   auto module = kiln::Module::fromFile(engine, "app.wasm");
//   kiln::Linker linker;                       // host functions, imports
//   auto instance = linker.instantiate(store, *module);
//   auto results = instance->getFunc("run")->call(args);
#pragma once

#include "kiln/config.h"
#include "kiln/engine.h"
#include "kiln/extern.h"
#include "kiln/instance.h"
#include "kiln/linker.h"
#include "kiln/module.h"
#include "kiln/store.h"
#include "kiln/trap.h"
#include "kiln/val.h"
