// A small compressor: LZ77 matching (hash chains over a 32 KiB window)
// followed by canonical Huffman coding of literals and match lengths.
// Compresses its input (a file named on the command line, or generated
// text), decompresses the result, checks the round trip and prints sizes
// and checksums. `compress FILE OUT` also writes the compressed bytes to OUT.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  kWindow = 32768,
  kMinMatch = 3,
  kMaxMatch = 258,
  kHashBits = 15,
  kMaxChain = 64,
  kEndSymbol = 256,
  kSymbols = 257 + (kMaxMatch - kMinMatch + 1),  // literals, end, lengths
  kDistanceBits = 15,
  kMaxCodeLength = 31,
};

// ---- Bit streams ------------------------------------------------------------

typedef struct {
  uint8_t* data;
  size_t size, capacity;
  uint32_t pending;
  int pendingBits;
} BitWriter;

static void putBits(BitWriter* w, uint32_t value, int count) {
  for (int i = count - 1; i >= 0; --i) {  // most significant bit first
    w->pending = (w->pending << 1) | ((value >> i) & 1);
    if (++w->pendingBits == 8) {
      if (w->size == w->capacity) {
        w->capacity = w->capacity ? w->capacity * 2 : 4096;
        w->data = realloc(w->data, w->capacity);
      }
      w->data[w->size++] = (uint8_t)w->pending;
      w->pending = 0;
      w->pendingBits = 0;
    }
  }
}

static void flushBits(BitWriter* w) {
  while (w->pendingBits != 0) putBits(w, 0, 1);
}

typedef struct {
  const uint8_t* data;
  size_t size, position;  // position in bits
} BitReader;

static int getBit(BitReader* r) {
  if (r->position >= r->size * 8) return -1;
  int bit = (r->data[r->position / 8] >> (7 - r->position % 8)) & 1;
  ++r->position;
  return bit;
}

static long getBits(BitReader* r, int count) {
  long value = 0;
  for (int i = 0; i < count; ++i) {
    int bit = getBit(r);
    if (bit < 0) return -1;
    value = (value << 1) | bit;
  }
  return value;
}

// ---- Huffman codes -----------------------------------------------------------

typedef struct {
  uint64_t weight;
  int left, right;  // children, -1 for leaves
} Node;

// Code lengths from symbol frequencies: build the Huffman tree by repeatedly
// joining the two lightest nodes (a simple O(n^2) selection is plenty here).
static void codeLengths(const uint64_t* freq, uint8_t* lengths) {
  Node nodes[2 * kSymbols];
  int alive[2 * kSymbols];
  int count = 0, aliveCount = 0;
  for (int s = 0; s < kSymbols; ++s) {
    lengths[s] = 0;
    if (freq[s] == 0) continue;
    nodes[count] = (Node){freq[s], -1, s};
    alive[aliveCount++] = count++;
  }
  if (aliveCount == 1) {
    lengths[nodes[0].right] = 1;
    return;
  }
  while (aliveCount > 1) {
    int a = 0, b = 1;
    if (nodes[alive[b]].weight < nodes[alive[a]].weight) a = 1, b = 0;
    for (int i = 2; i < aliveCount; ++i) {
      if (nodes[alive[i]].weight < nodes[alive[a]].weight) {
        b = a;
        a = i;
      } else if (nodes[alive[i]].weight < nodes[alive[b]].weight) {
        b = i;
      }
    }
    nodes[count] = (Node){nodes[alive[a]].weight + nodes[alive[b]].weight, alive[a], alive[b]};
    int lo = a < b ? a : b, hi = a < b ? b : a;
    alive[lo] = count++;
    alive[hi] = alive[--aliveCount];
  }
  // Depth-first walk from the root assigning depths to leaves.
  int stack[2 * kSymbols], depth[2 * kSymbols], top = 0;
  stack[top] = alive[0];
  depth[top++] = 0;
  while (top > 0) {
    --top;
    int n = stack[top], d = depth[top];
    if (nodes[n].left < 0) {
      lengths[nodes[n].right] = (uint8_t)(d > kMaxCodeLength ? kMaxCodeLength : d);
      continue;
    }
    stack[top] = nodes[n].left;
    depth[top++] = d + 1;
    stack[top] = nodes[n].right;
    depth[top++] = d + 1;
  }
}

// Canonical codes: shorter codes first, then by symbol.
static void canonicalCodes(const uint8_t* lengths, uint32_t* codes) {
  uint32_t count[kMaxCodeLength + 1] = {0}, next[kMaxCodeLength + 2] = {0};
  for (int s = 0; s < kSymbols; ++s) count[lengths[s]]++;
  count[0] = 0;
  uint32_t code = 0;
  for (int len = 1; len <= kMaxCodeLength; ++len) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  for (int s = 0; s < kSymbols; ++s) {
    if (lengths[s]) codes[s] = next[lengths[s]]++;
  }
}

// Decodes one symbol by walking the canonical code one bit at a time.
static int decodeSymbol(BitReader* r, const uint8_t* lengths) {
  static int count[kMaxCodeLength + 1], sorted[kSymbols];
  static const uint8_t* prepared = NULL;
  if (prepared != lengths) {  // tables for this set of lengths
    memset(count, 0, sizeof count);
    for (int s = 0; s < kSymbols; ++s) count[lengths[s]]++;
    int offset[kMaxCodeLength + 2] = {0};
    for (int len = 1; len <= kMaxCodeLength; ++len) offset[len + 1] = offset[len] + count[len];
    for (int s = 0; s < kSymbols; ++s) {
      if (lengths[s]) sorted[offset[lengths[s]]++] = s;
    }
    prepared = lengths;
  }
  int code = 0, first = 0, index = 0;
  for (int len = 1; len <= kMaxCodeLength; ++len) {
    int bit = getBit(r);
    if (bit < 0) return -1;
    code |= bit;
    if (code - first < count[len]) return sorted[index + code - first];
    index += count[len];
    first = (first + count[len]) << 1;
    code <<= 1;
  }
  return -1;
}

// ---- LZ77 + Huffman ------------------------------------------------------------

typedef struct {
  uint16_t length;  // 0 for a literal
  uint16_t distance;
  uint8_t literal;
} Token;

static uint32_t hash3(const uint8_t* p) {
  return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - kHashBits);
}

static size_t findTokens(const uint8_t* in, size_t size, Token* tokens) {
  int32_t* head = malloc(sizeof(int32_t) << kHashBits);
  int32_t* prev = malloc(sizeof(int32_t) * (size ? size : 1));
  for (size_t i = 0; i < (size_t)1 << kHashBits; ++i) head[i] = -1;
  size_t count = 0;
  for (size_t i = 0; i < size;) {
    size_t bestLength = 0, bestDistance = 0;
    if (i + kMinMatch <= size) {
      uint32_t h = hash3(in + i);
      int chain = kMaxChain;
      for (int32_t j = head[h]; j >= 0 && i - (size_t)j <= kWindow && chain-- > 0; j = prev[j]) {
        size_t length = 0, limit = size - i < kMaxMatch ? size - i : kMaxMatch;
        while (length < limit && in[j + length] == in[i + length]) ++length;
        if (length > bestLength) {
          bestLength = length;
          bestDistance = i - (size_t)j;
        }
      }
    }
    size_t advance = bestLength >= kMinMatch ? bestLength : 1;
    if (bestLength >= kMinMatch) {
      tokens[count++] = (Token){(uint16_t)bestLength, (uint16_t)bestDistance, 0};
    } else {
      tokens[count++] = (Token){0, 0, in[i]};
    }
    for (size_t k = 0; k < advance; ++k, ++i) {
      if (i + kMinMatch <= size) {
        uint32_t h = hash3(in + i);
        prev[i] = head[h];
        head[h] = (int32_t)i;
      }
    }
  }
  free(head);
  free(prev);
  return count;
}

static int symbolOf(const Token* t) {
  return t->length ? 257 + t->length - kMinMatch : t->literal;
}

static BitWriter compress(const uint8_t* in, size_t size) {
  Token* tokens = malloc(sizeof(Token) * (size ? size : 1));
  size_t count = findTokens(in, size, tokens);
  uint64_t freq[kSymbols] = {0};
  for (size_t i = 0; i < count; ++i) freq[symbolOf(&tokens[i])]++;
  freq[kEndSymbol]++;
  uint8_t lengths[kSymbols];
  uint32_t codes[kSymbols];
  codeLengths(freq, lengths);
  canonicalCodes(lengths, codes);

  BitWriter w = {0};
  putBits(&w, 0x4B4C5A31, 32);  // "KLZ1"
  putBits(&w, (uint32_t)size, 32);
  for (int s = 0; s < kSymbols; ++s) putBits(&w, lengths[s], 5);
  for (size_t i = 0; i < count; ++i) {
    int s = symbolOf(&tokens[i]);
    putBits(&w, codes[s], lengths[s]);
    if (tokens[i].length) putBits(&w, tokens[i].distance - 1u, kDistanceBits);
  }
  putBits(&w, codes[kEndSymbol], lengths[kEndSymbol]);
  flushBits(&w);
  free(tokens);
  return w;
}

// Returns the decompressed size, or -1 if the data is corrupt.
static long decompress(const uint8_t* data, size_t size, uint8_t** out) {
  BitReader r = {data, size, 0};
  if (getBits(&r, 32) != 0x4B4C5A31) return -1;
  long total = getBits(&r, 32);
  if (total < 0) return -1;
  uint8_t* lengths = malloc(kSymbols);
  for (int s = 0; s < kSymbols; ++s) {
    long len = getBits(&r, 5);
    if (len < 0) return -1;
    lengths[s] = (uint8_t)len;
  }
  uint8_t* buffer = malloc((size_t)total + 1);
  long produced = 0;
  for (;;) {
    int s = decodeSymbol(&r, lengths);
    if (s < 0) return -1;
    if (s == kEndSymbol) break;
    if (s < 256) {
      if (produced >= total) return -1;
      buffer[produced++] = (uint8_t)s;
      continue;
    }
    long length = s - 257 + kMinMatch;
    long distance = getBits(&r, kDistanceBits) + 1;
    if (distance <= 0 || distance > produced || produced + length > total) return -1;
    for (long k = 0; k < length; ++k, ++produced) buffer[produced] = buffer[produced - distance];
  }
  free(lengths);
  *out = buffer;
  return produced;
}

// ---- Driver --------------------------------------------------------------------

static uint32_t fnv1a(const uint8_t* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

// Deterministic text with enough repetition to compress: words from a small
// vocabulary chosen by a linear congruential generator.
static uint8_t* generateText(size_t size) {
  static const char* words[] = {"kiln", "wasm", "module", "memory", "table", "global",
                                "import", "export", "function", "trap", "stack", "the",
                                "a", "of", "runs", "compiles", "fast", "safely"};
  uint8_t* text = malloc(size);
  uint32_t state = 12345;
  size_t n = 0;
  while (n < size) {
    state = state * 1103515245u + 12345u;
    const char* w = words[(state >> 16) % (sizeof words / sizeof *words)];
    for (size_t k = 0; w[k] && n < size; ++k) text[n++] = (uint8_t)w[k];
    if (n < size) text[n++] = (state >> 8) % 11 == 0 ? '\n' : ' ';
  }
  return text;
}

static uint8_t* readFile(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t capacity = 65536, n = 0, got;
  uint8_t* data = malloc(capacity);
  while ((got = fread(data + n, 1, capacity - n, f)) > 0) {
    n += got;
    if (n == capacity) data = realloc(data, capacity *= 2);
  }
  fclose(f);
  *size = n;
  return data;
}

int main(int argc, char** argv) {
  size_t size = 300000;
  uint8_t* input = argc > 1 ? readFile(argv[1], &size) : generateText(size);
  if (!input) {
    perror(argv[1]);
    return 1;
  }
  BitWriter packed = compress(input, size);
  uint8_t* unpacked = NULL;
  long unpackedSize = decompress(packed.data, packed.size, &unpacked);
  printf("input: %zu bytes, fnv1a %08x\n", size, fnv1a(input, size));
  printf("compressed: %zu bytes, fnv1a %08x\n", packed.size, fnv1a(packed.data, packed.size));
  int ok = unpackedSize == (long)size && memcmp(unpacked, input, size) == 0;
  printf("roundtrip: %s\n", ok ? "ok" : "MISMATCH");
  if (argc > 2) {
    FILE* out = fopen(argv[2], "wb");
    if (!out || fwrite(packed.data, 1, packed.size, out) != packed.size || fclose(out) != 0) {
      perror(argv[2]);
      return 1;
    }
    printf("wrote %s\n", argv[2]);
  }
  free(input);
  free(unpacked);
  free(packed.data);
  return ok ? 0 : 3;
}
