// A query workload for SQLite, built from its amalgamation (sqlite3.c of the
// npm package better-sqlite3, fetched by scripts/fetch-bench-programs.sh) to
// wasm32-wasi and natively: the "sqlite" program of `make bench`.
//
//   sqlite_bench [SCALE]   (default 20000: customers; orders are 8x that)
//
// Builds an in-memory database from a fixed-seed PRNG (inserts in
// transactions through prepared statements), creates indexes, then runs
// joins, GROUP BY, ORDER BY, LIKE scans, window functions, point lookups and
// updates. Every result row is hashed; the output (one line per step and a
// final checksum) is the same in every engine, and holds no timing, so the
// suite can compare it byte for byte. In memory, so that the time goes to
// SQLite's own code (B-trees, the VDBE, sorting) rather than to file I/O.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

static sqlite3* db;
static uint64_t checksum = 1469598103934665603ull;  // FNV-1a offset basis

// ---- Deterministic data -----------------------------------------------------

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_random(void) {  // xorshift64*
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

static const char* const kSyllables[] = {"an", "bel", "cor", "da", "en", "fil", "gor", "ha",
                                         "is", "jo", "ka", "lu", "mar", "ne", "or", "pe",
                                         "qui", "ra", "sen", "ta", "ul", "ve", "wyn", "zo"};
static const char* const kCities[] = {"Aberdeen", "Bergen", "Coimbra", "Dresden", "Eindhoven",
                                      "Fribourg", "Graz", "Haarlem", "Innsbruck", "Jena",
                                      "Kaunas", "Lund", "Malmo", "Nantes", "Oulu", "Porto"};
static const char* const kCategories[] = {"books", "garden", "kitchen", "music", "outdoor",
                                          "tools", "toys", "travel"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// A pronounceable name of 2 to 4 syllables.
static void random_name(char* out, size_t size) {
  int syllables = 2 + (int)(next_random() % 3);
  out[0] = '\0';
  for (int i = 0; i < syllables; ++i)
    strncat(out, kSyllables[next_random() % COUNT(kSyllables)], size - strlen(out) - 1);
}

// ---- SQLite helpers ---------------------------------------------------------

static void fail(const char* what) {
  fprintf(stderr, "sqlite_bench: %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

static void exec(const char* sql) {
  char* error = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
    fprintf(stderr, "sqlite_bench: %s: %s\n", sql, error);
    exit(1);
  }
}

static sqlite3_stmt* prepare(const char* sql) {
  sqlite3_stmt* statement;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) fail(sql);
  return statement;
}

static void hash_bytes(const void* data, size_t size) {
  const unsigned char* bytes = data;
  for (size_t i = 0; i < size; ++i) checksum = (checksum ^ bytes[i]) * 1099511628211ull;
}

// Steps `statement` to the end, hashing every column of every row as text
// (SQLite's own number formatting, the same on every engine); returns the rows.
static long hash_rows(sqlite3_stmt* statement) {
  long rows = 0;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    ++rows;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const unsigned char* text = sqlite3_column_text(statement, i);
      if (text)
        hash_bytes(text, (size_t)sqlite3_column_bytes(statement, i));
      else
        hash_bytes("NULL", 4);
      hash_bytes("|", 1);
    }
  }
  if (rc != SQLITE_DONE) fail("step");
  sqlite3_reset(statement);
  return rows;
}

// Runs a query once, hashes its rows and reports the step.
static void query(const char* step, const char* sql) {
  sqlite3_stmt* statement = prepare(sql);
  long rows = hash_rows(statement);
  sqlite3_finalize(statement);
  printf("%-12s rows=%-7ld checksum=%016" PRIx64 "\n", step, rows, checksum);
}

// ---- The workload -------------------------------------------------------------

static void populate(int customers) {
  int products = customers / 10 + 1, orders = customers * 8;
  exec("CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT, city TEXT, balance REAL);"
       "CREATE TABLE product(id INTEGER PRIMARY KEY, name TEXT, category TEXT, price REAL);"
       "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, product INTEGER, "
       "quantity INTEGER, day INTEGER, note TEXT)");
  char name[64];
  exec("BEGIN");
  sqlite3_stmt* insert = prepare("INSERT INTO customer VALUES(?, ?, ?, ?)");
  for (int i = 1; i <= customers; ++i) {
    random_name(name, sizeof name);
    sqlite3_bind_int(insert, 1, i);
    sqlite3_bind_text(insert, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 3, kCities[next_random() % COUNT(kCities)], -1, SQLITE_STATIC);
    sqlite3_bind_double(insert, 4, (next_random() % 1000000) / 100.0);
    if (sqlite3_step(insert) != SQLITE_DONE) fail("insert customer");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  insert = prepare("INSERT INTO product VALUES(?, ?, ?, ?)");
  for (int i = 1; i <= products; ++i) {
    random_name(name, sizeof name);
    sqlite3_bind_int(insert, 1, i);
    sqlite3_bind_text(insert, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 3, kCategories[next_random() % COUNT(kCategories)], -1,
                      SQLITE_STATIC);
    sqlite3_bind_double(insert, 4, (1 + next_random() % 50000) / 100.0);
    if (sqlite3_step(insert) != SQLITE_DONE) fail("insert product");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  exec("COMMIT");
  // Orders in transactions of 1,000 rows, as an application logging them would.
  insert = prepare("INSERT INTO orders(customer, product, quantity, day, note) "
                   "VALUES(?, ?, ?, ?, ?)");
  for (int i = 0; i < orders; ++i) {
    if (i % 1000 == 0) exec("BEGIN");
    random_name(name, sizeof name);
    sqlite3_bind_int(insert, 1, 1 + (int)(next_random() % (uint32_t)customers));
    sqlite3_bind_int(insert, 2, 1 + (int)(next_random() % (uint32_t)products));
    sqlite3_bind_int(insert, 3, 1 + (int)(next_random() % 20));
    sqlite3_bind_int(insert, 4, (int)(next_random() % 365));
    sqlite3_bind_text(insert, 5, name, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(insert) != SQLITE_DONE) fail("insert order");
    sqlite3_reset(insert);
    if (i % 1000 == 999 || i == orders - 1) exec("COMMIT");
  }
  sqlite3_finalize(insert);
  printf("populate     customers=%d products=%d orders=%d\n", customers, products, orders);
}

static void lookups(int customers) {
  // Point queries through one prepared statement, as an application does.
  sqlite3_stmt* lookup = prepare(
      "SELECT c.name, count(o.id), total(o.quantity) FROM customer c "
      "LEFT JOIN orders o ON o.customer = c.id WHERE c.id = ?");
  long rows = 0;
  for (int i = 0; i < customers; ++i) {
    sqlite3_bind_int(lookup, 1, 1 + (int)(next_random() % (uint32_t)customers));
    rows += hash_rows(lookup);
  }
  sqlite3_finalize(lookup);
  printf("%-12s rows=%-7ld checksum=%016" PRIx64 "\n", "lookups", rows, checksum);
}

int main(int argc, char** argv) {
  int customers = argc > 1 ? atoi(argv[1]) : 20000;
  if (customers < 10) {
    fprintf(stderr, "usage: sqlite_bench [SCALE >= 10]\n");
    return 2;
  }
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) fail("open");
  populate(customers);
  query("scan-group", "SELECT city, count(*), round(sum(balance), 2) FROM customer "
                      "GROUP BY city ORDER BY city");
  query("like-scan", "SELECT count(*), min(name), max(name) FROM customer "
                     "WHERE name LIKE '%or%an%' OR name LIKE 'ka%'");
  exec("CREATE INDEX orders_customer ON orders(customer);"
       "CREATE INDEX orders_product ON orders(product, day);"
       "CREATE INDEX customer_city ON customer(city, balance)");
  query("join-group", "SELECT c.city, p.category, count(*), sum(o.quantity), "
                      "round(sum(o.quantity * p.price), 2) FROM orders o "
                      "JOIN customer c ON c.id = o.customer JOIN product p ON p.id = o.product "
                      "GROUP BY c.city, p.category ORDER BY 5 DESC, 1, 2");
  query("top-buyers", "SELECT c.id, c.name, sum(o.quantity * p.price) AS spent FROM customer c "
                      "JOIN orders o ON o.customer = c.id JOIN product p ON p.id = o.product "
                      "GROUP BY c.id ORDER BY spent DESC, c.id LIMIT 100");
  query("order-by", "SELECT id, note, day FROM orders ORDER BY note, day DESC, id");
  query("window", "SELECT product, day, quantity, sum(quantity) OVER (PARTITION BY product "
                  "ORDER BY day, id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) "
                  "FROM orders WHERE product % 7 = 0");
  lookups(customers);
  exec("BEGIN;"
       "UPDATE customer SET balance = balance + (SELECT total(quantity) FROM orders "
       "WHERE orders.customer = customer.id) WHERE city IN ('Graz', 'Lund', 'Porto');"
       "UPDATE orders SET note = upper(substr(note, 1, 3)) || substr(note, 4) "
       "WHERE day BETWEEN 100 AND 160;"
       "DELETE FROM orders WHERE quantity = 13 AND day % 5 = 0;"
       "COMMIT");
  query("after-update", "SELECT city, count(*), round(avg(balance), 4) FROM customer "
                        "GROUP BY city ORDER BY 3 DESC");
  query("like-after", "SELECT count(*), sum(length(note)) FROM orders WHERE note LIKE 'KA%'");
  query("distinct", "SELECT count(DISTINCT note), count(DISTINCT customer) FROM orders");
  query("recursive", "WITH RECURSIVE r(n, x) AS (SELECT 1, 1 UNION ALL SELECT n + 1, "
                     "(x * 1103515245 + 12345) % 2147483648 FROM r WHERE n < 100000) "
                     "SELECT count(*), sum(x % 1000), max(x) FROM r");
  sqlite3_close(db);
  printf("checksum=%016" PRIx64 "\n", checksum);
  return 0;
}
