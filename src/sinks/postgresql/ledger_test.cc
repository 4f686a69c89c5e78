// Needs a PostgreSQL server: runs when AQPIPE_TEST_POSTGRES_URL is set (tests/postgresql sets it),
// and skips otherwise.
#include "sinks/postgresql/ledger.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "sinks/postgresql/sink.h"
#include "sinks/postgresql/type_mapping.h"

namespace aq::postgresql {
namespace {

std::string ServerUrl() {
  const char* url = std::getenv("AQPIPE_TEST_POSTGRES_URL");
  return url ? url : "";
}

TEST(PostgresLedger, RecordsSourcesAndSkipsThemOnRerun) {
  if (ServerUrl().empty()) GTEST_SKIP() << "AQPIPE_TEST_POSTGRES_URL not set";
  std::string schema = "ledger_test_" + std::to_string(getpid());
  std::vector<ObjectInfo> objects = {{"data/a.jsonl", 10, "10-111"},
                                     {"s3://b/k.json", 20, "\"etag\""}};

  PostgresSinkOptions options{ServerUrl(), schema, "measurements", {}, "run-1"};
  PostgresSink first(options);
  ASSERT_TRUE(first.Begin().ok());
  auto none = first.Prepare(objects);  // loads none, so records both at Commit
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_TRUE(none->loaded.empty());
  auto counts = first.Commit(Schema());
  ASSERT_TRUE(counts.ok()) << counts.status().message();

  options.run_id = "run-2";
  PostgresSink second(options);
  ASSERT_TRUE(second.Begin().ok());
  std::vector<ObjectInfo> now = {
      objects[0], {"s3://b/k.json", 21, "\"changed\""}, {"new.json", 1, "1-1"}};
  auto loaded = second.Prepare(now);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->loaded, std::set<std::string>{"data/a.jsonl"});
  // Another table's ledger entries are its own.
  PostgresSinkOptions other_options = options;
  other_options.table = "other";
  second.Abort();
  PostgresSink other(other_options);
  ASSERT_TRUE(other.Begin().ok());
  auto other_loaded = other.Prepare(now);
  ASSERT_TRUE(other_loaded.ok());
  EXPECT_TRUE(other_loaded->loaded.empty());
  other.Abort();

  auto db = Connection::Open(ServerUrl());
  ASSERT_TRUE(db.ok());
  auto rows = db->Query("SELECT target_table, source_path, source_version, rows, run_id FROM " +
                        QualifiedName(schema, kLedgerTable) + " ORDER BY source_path");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0],
            (std::vector<std::string>{"measurements", "data/a.jsonl", "10-111", "0", "run-1"}));
  EXPECT_EQ((*rows)[1][2], "\"etag\"");
  ASSERT_TRUE(db->Exec("DROP SCHEMA " + QuoteIdentifier(schema) + " CASCADE").ok());
}

}  // namespace
}  // namespace aq::postgresql
