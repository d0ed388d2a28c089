// KILN_API marks what libkiln.so exports: the public classes and functions of
// include/kiln (WASM_API_EXTERN does the same in wasm.h and kiln.h
// for the C API). Everything else is built with hidden visibility.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define KILN_API __attribute__((visibility("default")))
#else
#define KILN_API
#endif
