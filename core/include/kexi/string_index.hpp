#pragma once
// Dense integer ids for strings (customer ids, order ids, attribute values), built for millions of
// keys: one open-addressing table over one arena of key bytes, so adding a key costs no allocation
// of its own. (std::unordered_map<std::string,int> measured +3.4 s per 1M customers.)
//
// Exports usually list order ids in order (ascending or newest first). While every new key is
// beyond the last one, the keys are a sorted run: a new key is known to be new by one comparison
// with the last key, and no hash table is built at all. The first key out of order (or too many
// look-ups of old keys) turns the run into the hash table, once; from then on it is a plain hash
// index. Ids and answers are the same either way.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kexi {

/// 64-bit hash of bytes (wyhash-style multiply-mix, 8 bytes at a time). Stable across builds.
uint64_t hash_bytes(std::string_view bytes, uint64_t seed = 0);

class StringIndex {
 public:
  /// Id of `key`, adding it with the next id (0, 1, 2, ...) when new.
  int32_t find_or_add(std::string_view key);
  /// Makes room for `keys` keys of `bytes` bytes in all, so that loading does not rehash.
  void reserve(size_t keys, size_t bytes);
  /// Id of `key`, or -1.
  int32_t find(std::string_view key) const;
  /// Starts fetching the memory that look-ups of these keys will read (a hint: ids are
  /// unchanged). Several keys at once, so that their cache misses overlap.
  void prefetch(const std::string_view* keys, size_t n) const;
  size_t size() const { return count_; }
  /// Whether the keys so far are still one sorted run (no hash table built).
  bool is_sorted_run() const { return run_; }
  std::string_view key(int32_t id) const {
    if (width_ != kMixedWidths) return std::string_view(arena_.data() + static_cast<size_t>(id) * width_, width_);
    const size_t begin = offsets_[static_cast<size_t>(id)];
    const size_t end = static_cast<size_t>(id) + 1 < offsets_.size()
                           ? offsets_[static_cast<size_t>(id) + 1]
                           : arena_.size();
    return std::string_view(arena_.data() + begin, end - begin);
  }

 private:
  int32_t append(std::string_view key);
  int32_t run_find(std::string_view key) const;  // binary search of the sorted run
  size_t slot_of(std::string_view key, uint64_t h) const;  // the key's slot, or the empty one for it
  void leave_run();
  void rehash(size_t slots);  // slots: a power of two, at least twice the keys
  static constexpr size_t kMixedWidths = SIZE_MAX;
  // All keys, back to back. A vector, not a std::string: string::append is compiled into the
  // standard library and never inlined, a call per key (in wasm 9 % of a 10M-line load).
  std::vector<char> arena_;
  // While every key has one length (order ids usually do: O0000001), key i starts at i x width_
  // and offsets_ stays empty: 4 bytes less per key (32 MB for 8M order ids). The first key of
  // another length fills offsets_ in, once, and width_ becomes kMixedWidths.
  size_t width_ = 0;
  size_t count_ = 0;
  std::vector<uint32_t> offsets_;  // start of key i in arena_ (keys of 4 GB in all at most)
  // A slot holds a key of up to 11 bytes whole (length and bytes), a longer one as its length,
  // first bytes and hash: a probe decides short keys (customer ids, phone numbers) without touching
  // the arena, and rejects almost every other long key without it. id_plus_1 == 0: empty.
  struct Slot {
    uint32_t id_plus_1 = 0;
    uint32_t key32 = 0;
    uint64_t body = 0;
  };
  static Slot make_slot(std::string_view key, uint64_t h, int32_t id);
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t reserved_keys_ = 0;
  bool run_ = true;        // the keys are one strictly monotonic run; slots_ unused
  int direction_ = 0;      // of the run: +1 ascending, -1 descending, 0 not known yet
  size_t run_lookups_ = 0; // old keys found by binary search (too many: build the table)
  mutable uint32_t touched_ = 0;  // prefetch() keeps a loaded value here (WebAssembly has no prefetch)
};

/// A set of 64-bit fingerprints (e.g. of whole records, to find duplicate lines).
class FingerprintSet {
 public:
  /// Inserts; returns false when it was already present.
  bool insert(uint64_t fingerprint);
  bool contains(uint64_t fingerprint) const;
  /// Makes room for `count` fingerprints, so that loading does not rehash (a rehash holds the old
  /// and the new table at once: 1.5 times the memory, at the worst moment).
  void reserve(size_t count);
  size_t size() const { return count_; }

 private:
  void grow();
  void rehash(size_t slots);  // slots: a power of two
  // 0 = empty (a zero fingerprint is stored as 1). Filled up to 3/4: a 10M-line file needs 128 MB
  // of slots instead of 256 MB at 1/2, and linear probing over 8-byte slots stays within a cache
  // line or two.
  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

}  // namespace kexi
