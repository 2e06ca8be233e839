#include "kexi/string_index.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

#include "kexi/error.hpp"

namespace kexi {

namespace {

inline uint64_t read64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t read32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The last 1..7 bytes of a key as one number, without a variable-length copy: for keys of 8 bytes
// or more the last 8 bytes (overlapping what came before); for shorter ones two overlapping
// 4-byte reads, or 3 picked bytes. Given the length, different bytes give different numbers.
inline uint64_t tail64(const char* begin, const char* p, size_t n) {
  if (p - begin + static_cast<std::ptrdiff_t>(n) >= 8) return read64(p + n - 8);
  if (n >= 4) return read32(p) | read32(p + n - 4) << 32;
  const auto byte = [](char c) { return static_cast<uint64_t>(static_cast<unsigned char>(c)); };
  return byte(p[0]) | byte(p[n / 2]) << 8 | byte(p[n - 1]) << 16;
}

inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

constexpr uint64_t kP0 = 0xa0761d6478bd642full, kP1 = 0xe7037ed1a0b428dbull,
                   kP2 = 0x8ebc6af09c88c6e3ull;

// Equal bytes, 8 at a time (a plain memcmp is a byte loop in WebAssembly).
inline bool same_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const char *p = a.data(), *q = b.data();
  size_t n = a.size();
  for (; n >= 8; p += 8, q += 8, n -= 8)
    if (read64(p) != read64(q)) return false;
  return n == 0 || tail64(a.data(), p, n) == tail64(b.data(), q, n);
}

}  // namespace

// Each 8-byte word goes through a bijection of the state (multiply by an odd constant, xor,
// rotate, multiply), so keys of one length that differ in one word always hash apart; a final
// murmur3 mix spreads every bit into the low bits (the table slot) and the high bits (the tag).
// Only 64-bit multiplies: a 64x64->128 multiply is a library call in WebAssembly.
uint64_t hash_bytes(std::string_view s, uint64_t seed) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = seed ^ (n * kP0);
  for (; n >= 8; p += 8, n -= 8) h = rotl(h ^ (read64(p) * kP1), 29) * kP2;
  if (n) h = rotl(h ^ (tail64(s.data(), p, n) * kP2), 29) * kP1;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

namespace {

// The order of a sorted run: shorter keys first (so that unpadded numbers 9, 10, 11 count as in
// order), then bytewise. -1, 0 or 1.
int run_order(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  size_t i = 0;
  while (i + 8 <= a.size() && read64(a.data() + i) == read64(b.data() + i)) i += 8;
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
  return 0;
}

// Keys of up to 11 bytes are kept whole in their slot: a probe compares the slot with the key and
// never reads the arena, so a look-up of a customer id costs one cache miss instead of three (slot,
// offset, arena). perf on a 10M-line load put half its time in these misses.
constexpr size_t kInlineBytes = 11;

// A key as its slot holds it. key32: the length (255 for 255 or more) and the first 3 bytes;
// body: bytes 3..10 of a short key, zero-padded (with the length, the key itself), or the whole
// hash of a longer one (whose bytes are then compared in the arena).
struct Packed {
  uint32_t key32;
  uint64_t body;
  bool whole;  // the key fits: equal packings are equal keys
};

Packed pack(std::string_view key, uint64_t h) {
  const size_t n = key.size();
  unsigned char b[16] = {};
  const size_t k = std::min(n, kInlineBytes);
  for (size_t i = 0; i < k; ++i) b[i] = static_cast<unsigned char>(key[i]);
  const uint32_t key32 = static_cast<uint32_t>(std::min<size_t>(n, 255)) | uint32_t{b[0]} << 8 |
                         uint32_t{b[1]} << 16 | uint32_t{b[2]} << 24;
  if (n > kInlineBytes) return {key32, h, false};
  uint64_t body;
  std::memcpy(&body, b + 3, 8);
  return {key32, body, true};
}

}  // namespace

void StringIndex::reserve(size_t keys, size_t bytes) {
  arena_.reserve(bytes);
  if (width_ == kMixedWidths) offsets_.reserve(keys);
  reserved_keys_ = keys;
  if (run_) return;  // the table is built when the run ends, at this size
  size_t want = slots_.size();
  while (want < keys * 2) want *= 2;
  if (want != slots_.size()) rehash(want);
}

int32_t StringIndex::append(std::string_view key) {
  const int32_t id = static_cast<int32_t>(count_);
  if (arena_.size() + key.size() > UINT32_MAX || count_ >= INT32_MAX)
    throw KexiError("file_too_large",
                    "More than 4 GB of distinct ids (or 2 billion of them) in one column: too many to index. "
                    "Aggregate the file to one row per customer first (docs/SQL.md).");
  if (count_ == 0) width_ = key.size();
  if (width_ != kMixedWidths && key.size() != width_) {
    offsets_.reserve(std::max(reserved_keys_, count_ + 1));
    for (size_t i = 0; i < count_; ++i) offsets_.push_back(static_cast<uint32_t>(i * width_));
    width_ = kMixedWidths;
  }
  if (width_ == kMixedWidths) offsets_.push_back(static_cast<uint32_t>(arena_.size()));
  arena_.insert(arena_.end(), key.begin(), key.end());
  ++count_;
  return id;
}

int32_t StringIndex::run_find(std::string_view key) const {
  const int dir = direction_ ? direction_ : 1;
  size_t lo = 0, hi = count_;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int c = run_order(this->key(static_cast<int32_t>(mid)), key) * dir;
    if (c == 0) return static_cast<int32_t>(mid);
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return -1;
}

size_t StringIndex::slot_of(std::string_view key, uint64_t h) const {
  const Packed p = pack(key, h);
  for (size_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.id_plus_1 == 0) return i;
    if (s.key32 == p.key32 && s.body == p.body && (p.whole || same_bytes(this->key(s.id_plus_1 - 1), key)))
      return i;
  }
}

int32_t StringIndex::find(std::string_view key) const {
  if (!run_) {
    return static_cast<int32_t>(slots_[slot_of(key, hash_bytes(key))].id_plus_1) - 1;
  }
  const size_t n = count_;
  if (n == 0) return -1;
  const int c = run_order(key, this->key(static_cast<int32_t>(n - 1)));
  if (c == 0) return static_cast<int32_t>(n - 1);
  if (direction_ == 0 || c == direction_) return -1;  // beyond the last key of the run
  return run_find(key);
}

void StringIndex::prefetch(const std::string_view* keys, size_t n) const {
  if (run_ || slots_.empty()) return;
  constexpr size_t kMax = 16;
  const Slot* at[kMax];
  n = std::min(n, kMax);
  for (size_t k = 0; k < n; ++k) at[k] = &slots_[hash_bytes(keys[k]) & mask_];
#if defined(__wasm__)
  // WebAssembly has no prefetch: loads whose values are kept start the cache misses all the same,
  // and issued back to back, the processor waits for them together.
  uint32_t sum = 0;
  for (size_t k = 0; k < n; ++k) sum += at[k]->id_plus_1;
  touched_ += sum;
#else
  for (size_t k = 0; k < n; ++k) __builtin_prefetch(at[k]);
#endif
}

int32_t StringIndex::find_or_add(std::string_view key) {
  if (run_) {
    const size_t n = count_;
    if (n == 0) return append(key);
    const int c = run_order(key, this->key(static_cast<int32_t>(n - 1)));
    if (c == 0) return static_cast<int32_t>(n - 1);
    if (direction_ == 0) direction_ = c;
    if (c == direction_) return append(key);
    // Behind the run's end: an old key (a binary search finds it), or the run is over. Many old
    // keys looked up this way cost more than the table: build it then too.
    const int32_t old = run_find(key);
    if (old >= 0 && ++run_lookups_ <= std::max<size_t>(4096, n / 64)) return old;
    leave_run();
    if (old >= 0) return old;
  }
  const uint64_t h = hash_bytes(key);
  const size_t i = slot_of(key, h);
  if (slots_[i].id_plus_1) return static_cast<int32_t>(slots_[i].id_plus_1 - 1);
  const int32_t id = append(key);
  slots_[i] = make_slot(key, h, id);
  if (count_ * 2 > slots_.size()) rehash(slots_.size() * 2);
  return id;
}

void StringIndex::leave_run() {
  run_ = false;
  size_t want = 1024;
  while (want < std::max(reserved_keys_, count_) * 2) want *= 2;
  rehash(want);
}

StringIndex::Slot StringIndex::make_slot(std::string_view key, uint64_t h, int32_t id) {
  const Packed p = pack(key, h);
  return Slot{static_cast<uint32_t>(id) + 1, p.key32, p.body};
}

void StringIndex::rehash(size_t slots) {
  std::vector<Slot> bigger(slots);
  const size_t mask = slots - 1;
  for (size_t id = 0; id < count_; ++id) {
    const std::string_view k = key(static_cast<int32_t>(id));
    const uint64_t h = hash_bytes(k);
    size_t i = h & mask;
    while (bigger[i].id_plus_1) i = (i + 1) & mask;
    bigger[i] = make_slot(k, h, static_cast<int32_t>(id));
  }
  slots_.swap(bigger);
  mask_ = mask;
}

bool FingerprintSet::insert(uint64_t f) {
  if (f == 0) f = 1;
  if ((count_ + 1) * 4 > slots_.size() * 3) grow();
  const size_t mask = slots_.size() - 1;
  for (size_t i = f & mask;; i = (i + 1) & mask) {
    if (slots_[i] == f) return false;
    if (slots_[i] == 0) {
      slots_[i] = f;
      ++count_;
      return true;
    }
  }
}

bool FingerprintSet::contains(uint64_t f) const {
  if (slots_.empty()) return false;
  if (f == 0) f = 1;
  const size_t mask = slots_.size() - 1;
  for (size_t i = f & mask;; i = (i + 1) & mask) {
    if (slots_[i] == f) return true;
    if (slots_[i] == 0) return false;
  }
}

void FingerprintSet::reserve(size_t count) {
  size_t want = slots_.empty() ? 1024 : slots_.size();
  while (want * 3 < count * 4) want *= 2;
  if (want != slots_.size()) rehash(want);
}

void FingerprintSet::grow() { rehash(slots_.empty() ? 1024 : slots_.size() * 2); }

void FingerprintSet::rehash(size_t slots) {
  std::vector<uint64_t> bigger(slots, 0);
  const size_t mask = bigger.size() - 1;
  for (uint64_t f : slots_) {
    if (!f) continue;
    size_t i = f & mask;
    while (bigger[i]) i = (i + 1) & mask;
    bigger[i] = f;
  }
  slots_.swap(bigger);
}

}  // namespace kexi
