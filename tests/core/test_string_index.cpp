#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "kexi/string_index.hpp"

using namespace kexi;

TEST_CASE("string index gives dense ids in order of first appearance") {
  StringIndex idx;
  CHECK(idx.find_or_add("C001") == 0);
  CHECK(idx.find_or_add("客户甲") == 1);
  CHECK(idx.find_or_add("C001") == 0);
  CHECK(idx.find("客户甲") == 1);
  CHECK(idx.find("C002") == -1);
  CHECK(idx.key(1) == "客户甲");
  CHECK(idx.size() == 2);
}

TEST_CASE("string index keeps every key through many table growths") {
  StringIndex idx;
  for (int i = 0; i < 200000; ++i) REQUIRE(idx.find_or_add("id" + std::to_string(i)) == i);
  CHECK(idx.size() == 200000);
  for (int i = 0; i < 200000; i += 997) CHECK(idx.find("id" + std::to_string(i)) == i);
  CHECK(idx.key(123456) == "id123456");
  CHECK(idx.find("id200000") == -1);
}

TEST_CASE("empty key and keys differing only after 8 bytes are distinct") {
  StringIndex idx;
  CHECK(idx.find_or_add("") == 0);
  CHECK(idx.find_or_add("ABCDEFGH1") == 1);
  CHECK(idx.find_or_add("ABCDEFGH2") == 2);
  CHECK(idx.find("") == 0);
}

TEST_CASE("fingerprint set reports repeats") {
  FingerprintSet set;
  CHECK(set.insert(hash_bytes("a,b,c")));
  CHECK(set.insert(hash_bytes("a,b,d")));
  CHECK_FALSE(set.insert(hash_bytes("a,b,c")));
  CHECK(set.insert(0));
  CHECK_FALSE(set.insert(0));
  for (uint64_t i = 1; i < 5000; ++i) CHECK(set.insert(hash_bytes(std::to_string(i))));
  CHECK(set.size() == 5002);
}

TEST_CASE("string index: keys in order need no table, and answer the same as hashed keys") {
  // Ascending by length then bytes: unpadded numbers 9 < 10 < 11 are in order.
  StringIndex up;
  for (int i = 1; i <= 3000; ++i) REQUIRE(up.find_or_add(std::to_string(i)) == i - 1);
  CHECK(up.is_sorted_run());
  CHECK(up.find("1500") == 1499);
  CHECK(up.find("3001") == -1);
  CHECK(up.find("0") == -1);
  CHECK(up.find_or_add("3000") == 2999);  // the last key again
  CHECK(up.find_or_add("17") == 16);      // an old key, found by binary search
  CHECK(up.is_sorted_run());
  // Newest first (descending) is a run too.
  StringIndex down;
  for (int i = 5000; i > 1000; --i) REQUIRE(down.find_or_add("O" + std::to_string(i)) == 5000 - i);
  CHECK(down.is_sorted_run());
  CHECK(down.find("O4000") == 1000);
  CHECK(down.find("O6000") == -1);
  // A new key out of order ends the run: every key is still found, with its id.
  CHECK(down.find_or_add("O7000") == 4000);
  CHECK_FALSE(down.is_sorted_run());
  for (int i = 5000; i > 1000; i -= 7) REQUIRE(down.find("O" + std::to_string(i)) == 5000 - i);
  CHECK(down.find("O7000") == 4000);
  CHECK(down.find_or_add("O999") == 4001);
}

TEST_CASE("string index: many look-ups of old keys end the run (a table is cheaper)") {
  StringIndex idx;
  for (int i = 0; i < 10000; ++i) idx.find_or_add("k" + std::to_string(100000 + i));
  // 4096 binary searches are allowed before the table is built; the answers never change.
  for (int i = 0; i < 5000; ++i) REQUIRE(idx.find_or_add("k" + std::to_string(100000 + (i * 37) % 9999)) == (i * 37) % 9999);
  CHECK_FALSE(idx.is_sorted_run());
  CHECK(idx.find_or_add("k200000") == 10000);
  CHECK(idx.size() == 10001);
}

TEST_CASE("hash_bytes spreads similar keys like a random function") {
  // For n keys hashed to m buckets at random, the expected number of buckets used is
  // m (1 - (1 - 1/m)^n): 65536 keys in 65536 buckets -> 65536 (1 - 1/e) = 41427;
  // 100000 sequential order ids in 2^20 buckets -> 1048576 (1 - e^(-100000/1048576)) = 95394.
  // (Standard deviations are about 80, 64 and 80: each bound is 5 or more of them away.)
  std::vector<char> used(1 << 16, 0);
  FingerprintSet whole;
  size_t buckets = 0;
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      const char key[2] = {static_cast<char>(a), static_cast<char>(b)};
      const uint64_t h = hash_bytes(std::string_view(key, 2));
      CHECK(whole.insert(h));  // no two keys share a 64-bit hash
      buckets += used[h & 0xffff] ? 0 : 1;
      used[h & 0xffff] = 1;
    }
  CHECK(buckets > 40900);
  CHECK(buckets < 41950);
  std::vector<char> used20(1 << 20, 0), top16(1 << 16, 0);
  size_t buckets20 = 0, tags = 0;
  for (int i = 1; i <= 100000; ++i) {
    std::string id = std::to_string(i);
    id = "O" + std::string(7 - id.size(), '0') + id;
    const uint64_t h = hash_bytes(id);
    buckets20 += used20[h & 0xfffff] ? 0 : 1;
    used20[h & 0xfffff] = 1;
    tags += top16[h >> 48] ? 0 : 1;  // the tag (high bits) is spread too
    top16[h >> 48] = 1;
  }
  CHECK(buckets20 > 95000);
  CHECK(buckets20 < 95800);
  // 100000 keys in 65536 buckets: 65536 (1 - e^(-100000/65536)) = 51290.
  CHECK(tags > 50900);
  CHECK(tags < 51700);
  // Every length from 0 to 20 and a change in any byte gives another hash.
  FingerprintSet lengths;
  for (size_t n = 0; n <= 20; ++n)
    for (size_t at = 0; at <= n; ++at) {
      std::string k(n, 'x');
      if (at < n) k[at] = 'y';
      CHECK(lengths.insert(hash_bytes(k)));
    }
}

TEST_CASE("string index tells apart keys its slots hold whole and keys they hold by hash") {
  // Keys of up to 11 bytes live in the slot itself; longer ones by length, first 3 bytes and hash.
  // Keys that differ only in length (a trailing NUL byte: zero padding must not make them equal),
  // only in the last byte, at the 11/12-byte boundary, or only after the first 3 bytes of a long key.
  const std::string nul1("A\0", 2), nul2("A\0\0", 3);
  const std::vector<std::string> keys = {
      "",           "A",           nul1,         nul2,          "13812345678", "1381234567",
      "138123456789", "13812345679", "ABCxxxxxxxxxxxxxxxxxxxx1", "ABCxxxxxxxxxxxxxxxxxxxx2",
      "ABCxxxxxxxxxxxxxxxxxxxxx1", std::string(300, 'z'), std::string(301, 'z'), "客户甲乙丙", "客户甲乙丁"};
  StringIndex idx;
  // Out of order from the start (so the hash table is used), then enough keys to rehash twice.
  idx.find_or_add("m");
  idx.find_or_add("a");
  idx.find_or_add("z");
  REQUIRE_FALSE(idx.is_sorted_run());
  for (size_t i = 0; i < keys.size(); ++i) REQUIRE(idx.find_or_add(keys[i]) == static_cast<int32_t>(i + 3));
  for (int i = 0; i < 5000; ++i) idx.find_or_add("filler" + std::to_string(i));
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(idx.find(keys[i]) == static_cast<int32_t>(i + 3));
    CHECK(idx.key(static_cast<int32_t>(i + 3)) == keys[i]);
  }
  CHECK(idx.find(std::string("A\0\0\0", 4)) == -1);
  CHECK(idx.find("ABCxxxxxxxxxxxxxxxxxxxx3") == -1);
  CHECK(idx.find(std::string(302, 'z')) == -1);
}

// Two keys that start their probe at the same slot of a 1024-slot table (the size a small index
// builds): `make(i)` for the first i whose pair collides.
template <class Make>
std::pair<std::string, std::string> same_home_slot(Make make) {
  for (int i = 0;; ++i) {
    auto [a, b] = make(i);
    if ((hash_bytes(a) & 1023) == (hash_bytes(b) & 1023)) return {a, b};
  }
}

TEST_CASE("keys held whole in a slot are compared by every byte and their length") {
  // Each pair meets at one slot, so the second key's probe reads the first key's slot: only the
  // bytes and the length held there can tell them apart.
  const auto pairs = {
      same_home_slot([](int i) { const std::string k = "K" + std::to_string(i); return std::pair{k, k + '\0'}; }),
      same_home_slot([](int i) { const std::string k = std::to_string(10000000000LL + i); return std::pair{k, k.substr(0, 10) + 'x'}; }),
      same_home_slot([](int i) { const std::string k = std::to_string(i); return std::pair{"ab" + k, "ac" + k}; }),
  };
  for (const auto& [a, b] : pairs) {
    CAPTURE(a);
    StringIndex idx;
    idx.find_or_add("m");
    idx.find_or_add("a");
    idx.find_or_add("z");  // out of order: the hash table is built
    REQUIRE(idx.find_or_add(a) == 3);
    CHECK(idx.find(b) == -1);
    CHECK(idx.find_or_add(b) == 4);
    CHECK(idx.find(a) == 3);
  }
}

TEST_CASE("prefetching keys changes no id and no answer") {
  StringIndex idx;
  idx.find_or_add("b");
  idx.find_or_add("a");
  idx.find_or_add("c");  // out of order: the hash table is built
  REQUIRE_FALSE(idx.is_sorted_run());
  // More keys than one batch holds (16): the rest are ignored, not read past the batch.
  std::vector<std::string> many;
  for (int i = 0; i < 20; ++i) many.push_back("never added " + std::to_string(i));
  std::vector<std::string_view> batch = {"a", "b", ""};
  batch.insert(batch.end(), many.begin(), many.end());
  idx.prefetch(batch.data(), batch.size());
  CHECK(idx.size() == 3);
  CHECK(idx.find("never added 3") == -1);
  CHECK(idx.find_or_add("b") == 0);
  CHECK(idx.find_or_add("d") == 3);
  StringIndex run;  // a sorted run has no table: nothing to fetch
  run.prefetch(batch.data(), batch.size());
  CHECK(run.size() == 0);
}

TEST_CASE("keys of one width, then of another: every key and id survives the switch") {
  // Fixed-width keys are stored without offsets; the first key of another length (here after
  // 3000 sorted keys, then after hashed ones, then an empty first key) brings offsets in.
  StringIndex run;
  for (int i = 0; i < 3000; ++i) REQUIRE(run.find_or_add("O" + std::to_string(1000000 + i)) == i);
  CHECK(run.key(2999) == "O1002999");
  CHECK(run.find_or_add("O10030000") == 3000);  // 9 bytes after 8
  CHECK(run.find_or_add("P1") == 3001);
  for (int i = 0; i < 3000; i += 7) REQUIRE(run.key(i) == "O" + std::to_string(1000000 + i));
  CHECK(run.find("O1001500") == 1500);
  CHECK(run.key(3000) == "O10030000");
  CHECK(run.key(3001) == "P1");

  StringIndex hashed;
  for (const char* k : {"BB", "AA", "CC"}) hashed.find_or_add(k);
  REQUIRE_FALSE(hashed.is_sorted_run());
  CHECK(hashed.find_or_add("D") == 3);
  CHECK(hashed.find_or_add("AA") == 1);
  CHECK(hashed.key(0) == "BB");
  CHECK(hashed.key(3) == "D");

  StringIndex empty_first;
  CHECK(empty_first.find_or_add("") == 0);
  CHECK(empty_first.find_or_add("x") == 1);
  CHECK(empty_first.key(0).empty());
  CHECK(empty_first.key(1) == "x");
  CHECK(empty_first.find("") == 0);
}
