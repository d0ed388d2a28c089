// Text-format throughput: WebAssembly text (.wat) to binary, single-threaded.
//   kiln/<module>         kiln::text::parseWat, no name section (what wat2wasm writes)
//   kiln-names/<module>   the same with the name section (what watToBinary writes)
//   wabt/<module>         wabt's WastLexer + ParseWatModule + WriteBinaryModule,
//                         in-process: `wat2wasm --no-check` without process start-up
//   wabt-check/<module>   the same plus ValidateModule: what `wat2wasm` does by default
// Each reports bytes_per_second over the text. The inputs are `wasm2wat`
// output of the large modules bench/fetch-modules.sh fetches (run-text.sh
// writes them); both parsers see the same bytes in memory.
//
// Usage: bench_text [benchmark flags] MODULE.wat...

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <wabt/binary-writer.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/validator.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include "text/wat.h"

namespace {

struct BenchText {
  std::string name;
  std::string text;
};

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  in.seekg(0, std::ios::end);
  text.resize(size_t(in.tellg()));
  in.seekg(0);
  in.read(text.data(), std::streamsize(text.size()));
  return in ? text : std::string();
}

void benchKiln(benchmark::State& state, const BenchText* input, bool names) {
  kiln::text::WatOptions options;
  options.nameSection = names;
  for (auto _ : state) {
    auto bytes = kiln::text::parseWat(input->text, options);
    if (!bytes) {
      state.SkipWithError(bytes.error().toString(input->name).c_str());
      return;
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(input->text.size()));
}

void benchWabt(benchmark::State& state, const BenchText* input, bool check) {
  wabt::Features features;
  for (auto _ : state) {
    wabt::Errors errors;
    auto lexer = wabt::WastLexer::CreateBufferLexer(input->name, input->text.data(),
                                                    input->text.size(), &errors);
    wabt::WastParseOptions parseOptions(features);
    std::unique_ptr<wabt::Module> module;
    wabt::Result result = wabt::ParseWatModule(lexer.get(), &module, &errors, &parseOptions);
    if (wabt::Succeeded(result) && check) {
      result = wabt::ValidateModule(module.get(), &errors, wabt::ValidateOptions(features));
    }
    wabt::MemoryStream stream;
    if (wabt::Succeeded(result)) {
      wabt::WriteBinaryOptions writeOptions(features, /*canonicalize_lebs=*/true,
                                            /*relocatable=*/false, /*write_debug_names=*/false);
      result = wabt::WriteBinaryModule(&stream, module.get(), writeOptions);
    }
    if (wabt::Failed(result)) {
      state.SkipWithError("wabt rejected the text");
      return;
    }
    benchmark::DoNotOptimize(stream.output_buffer().data);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(input->text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::unique_ptr<BenchText>> inputs;
  for (int i = 1; i < argc; ++i) {
    auto input = std::make_unique<BenchText>();
    input->name = std::filesystem::path(argv[i]).stem().string();
    input->text = readFile(argv[i]);
    if (input->text.empty()) {
      std::fprintf(stderr, "bench_text: cannot read %s\n", argv[i]);
      return 1;
    }
    inputs.push_back(std::move(input));
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "bench_text: no inputs; bench/text/run-text.sh writes them\n");
    return 1;
  }
  // Rates are per CPU second of this thread (Google Benchmark's default),
  // which stays meaningful on a machine shared with other work.
  for (const auto& input : inputs) {
    const BenchText* text = input.get();
    benchmark::RegisterBenchmark(("kiln/" + text->name).c_str(), benchKiln, text, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("kiln-names/" + text->name).c_str(), benchKiln, text, true)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("wabt/" + text->name).c_str(), benchWabt, text, false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("wabt-check/" + text->name).c_str(), benchWabt, text, true)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
