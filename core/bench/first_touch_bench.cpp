// What fresh memory costs on this machine: the first write to each 4 KB page of a new allocation
// (a page fault, and on some virtual machines a fault in the host too) against writing the same
// memory again. A large load touches hundreds of MB for the first time, so on a machine where
// first touch is slow that is a floor under its time, whatever the code does
// (docs/LARGE_FILES.md). `kexi_bench first_touch [MB]`.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "bench.hpp"

namespace {

int run(int argc, char** argv) {
  const size_t mb = argc > 1 ? static_cast<size_t>(std::strtoull(argv[1], nullptr, 10)) : 256;
  const size_t bytes = mb << 20, page = 4096;
  // new char[] leaves the bytes uninitialised: a block this large comes straight from the system.
  std::unique_ptr<char[]> block(new char[bytes]);
  volatile char* p = block.get();
  double t0 = kexi::bench::now_seconds();
  for (size_t i = 0; i < bytes; i += page) p[i] = 1;
  const double first = kexi::bench::now_seconds() - t0;
  t0 = kexi::bench::now_seconds();
  std::memset(block.get(), 2, bytes);
  const double again = kexi::bench::now_seconds() - t0;
  std::printf("first_touch: %zu MB: first write %.2f s (%.0f MB/s, %.1f us per 4 KB page); "
              "writing it all again %.3f s (%.0f MB/s)\n",
              mb, first, mb / first, first / static_cast<double>(bytes / page) * 1e6, again, mb / again);
  return block[bytes - 1] == 2 ? 0 : 1;
}

const kexi::bench::Register reg("first_touch", "[MB=256]  cost of the first write to fresh memory", run);

}  // namespace
