// Built into libkiln.so only (cmake/package.cmake). Debian's libasmjit.a is
// not position independent: its debug output loads `stderr` PC-relative,
// which a shared object cannot do for glibc's variable. This hidden variable
// of libkiln.so's own, pointing at glibc's stream, is what those loads (and
// the rest of the library) then read. <stdio.h> is not included: it declares
// stderr with default visibility.
struct _IO_FILE;
extern "C" {
extern struct _IO_FILE _IO_2_1_stderr_;
__attribute__((visibility("hidden"))) struct _IO_FILE* stderr = &_IO_2_1_stderr_;
}
