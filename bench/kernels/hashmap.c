// An open-addressing hash map (linear probing, u32 keys and values):
// n inserts/updates of pseudo-random keys, then 2n lookups of which about
// half hit. Hashing multiplies, unpredictable loads, probe loops.
#include "kernel_support.h"

typedef struct {
  uint32_t* keys;  // 0 = empty slot
  uint32_t* values;
  uint32_t mask;
} HashMap;

static inline uint32_t hash(uint32_t key) {
  key ^= key >> 16;
  key *= 0x7feb352d;
  key ^= key >> 15;
  key *= 0x846ca68b;
  return key ^ (key >> 16);
}

static void insert(HashMap* map, uint32_t key, uint32_t value) {
  for (uint32_t i = hash(key) & map->mask;; i = (i + 1) & map->mask) {
    if (map->keys[i] == key) {
      map->values[i] += value;
      return;
    }
    if (map->keys[i] == 0) {
      map->keys[i] = key;
      map->values[i] = value;
      return;
    }
  }
}

static int lookup(const HashMap* map, uint32_t key, uint32_t* value) {
  for (uint32_t i = hash(key) & map->mask;; i = (i + 1) & map->mask) {
    if (map->keys[i] == key) {
      *value = map->values[i];
      return 1;
    }
    if (map->keys[i] == 0) return 0;
  }
}

int64_t run(int32_t n) {
  // A load factor of at most 1/2.
  uint32_t capacity = 1;
  while (capacity < 2 * (uint32_t)n) capacity *= 2;
  HashMap map = {malloc(capacity * sizeof(uint32_t)), malloc(capacity * sizeof(uint32_t)),
                 capacity - 1};
  memset(map.keys, 0, capacity * sizeof(uint32_t));
  uint32_t seed = 0x2545f491;
  // Keys come from a range twice the insert count, so lookups hit about half
  // the time and some inserts update an existing key.
  uint32_t range = 2 * (uint32_t)n;
  for (int32_t i = 0; i < n; ++i) insert(&map, kernel_random(&seed) % range + 1, (uint32_t)i);
  int64_t hits = 0, sum = 0;
  for (int32_t i = 0; i < 2 * n; ++i) {
    uint32_t value;
    if (lookup(&map, kernel_random(&seed) % range + 1, &value)) {
      ++hits;
      sum += value;
    }
  }
  free(map.keys);
  free(map.values);
  return hits * 1000003 + sum;
}
