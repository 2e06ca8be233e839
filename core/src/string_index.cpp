#include "kexi/string_index.hpp"

#include <cstring>

namespace kexi {

namespace {

inline uint64_t mix(uint64_t a, uint64_t b) {
  const __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

inline uint64_t read64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

constexpr uint64_t kP0 = 0xa0761d6478bd642full, kP1 = 0xe7037ed1a0b428dbull,
                   kP2 = 0x8ebc6af09c88c6e3ull;

}  // namespace

uint64_t hash_bytes(std::string_view s, uint64_t seed) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = seed ^ mix(n ^ kP0, kP1);
  while (n >= 8) {
    h = mix(h ^ read64(p) ^ kP1, kP2 ^ 0x9E3779B97F4A7C15ull);
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    h = mix(h ^ tail ^ kP2, kP0 ^ n);
  }
  return mix(h, kP1 ^ 0xD6E8FEB86659FD93ull);
}

StringIndex::StringIndex() : slots_(1024, -1), mask_(1023) {}

void StringIndex::reserve(size_t keys, size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(keys);
  hashes_.reserve(keys);
  size_t want = slots_.size();
  while (want < keys * 2) want *= 2;
  if (want != slots_.size()) rehash(want);
}

int32_t StringIndex::find(std::string_view key) const {
  const uint64_t h = hash_bytes(key);
  for (size_t i = h & mask_;; i = (i + 1) & mask_) {
    const int32_t id = slots_[i];
    if (id < 0) return -1;
    if (hashes_[static_cast<size_t>(id)] == static_cast<uint32_t>(h >> 32) && this->key(id) == key)
      return id;
  }
}

int32_t StringIndex::find_or_add(std::string_view key) {
  const uint64_t h = hash_bytes(key);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  size_t i = h & mask_;
  for (;; i = (i + 1) & mask_) {
    const int32_t id = slots_[i];
    if (id < 0) break;
    if (hashes_[static_cast<size_t>(id)] == tag && this->key(id) == key) return id;
  }
  const int32_t id = static_cast<int32_t>(offsets_.size());
  offsets_.push_back(arena_.size());
  hashes_.push_back(tag);
  arena_.append(key);
  slots_[i] = id;
  if (offsets_.size() * 2 > slots_.size()) grow();
  return id;
}

void StringIndex::grow() { rehash(slots_.size() * 2); }

void StringIndex::rehash(size_t slots) {
  std::vector<int32_t> bigger(slots, -1);
  const size_t mask = slots - 1;
  for (size_t id = 0; id < offsets_.size(); ++id) {
    size_t i = hash_bytes(key(static_cast<int32_t>(id))) & mask;
    while (bigger[i] >= 0) i = (i + 1) & mask;
    bigger[i] = static_cast<int32_t>(id);
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
