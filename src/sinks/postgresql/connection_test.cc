#include "sinks/postgresql/connection.h"

#include <gtest/gtest.h>

namespace aq::postgresql {
namespace {

TEST(PostgresUrl, RedactRemovesPasswords) {
  EXPECT_EQ(RedactUrl("postgresql://ann:s3cret@db.example:5432/aq"),
            "postgresql://ann@db.example:5432/aq");
  EXPECT_EQ(RedactUrl("postgres://ann:p%40ss@host/aq?sslmode=require"),
            "postgres://ann@host/aq?sslmode=require");
  EXPECT_EQ(RedactUrl("postgresql://ann@host/aq"), "postgresql://ann@host/aq");
  EXPECT_EQ(RedactUrl("postgresql://host:5433/aq"), "postgresql://host:5433/aq");
  EXPECT_EQ(RedactUrl("postgresql://host/aq?user=ann&password=s3cret&sslmode=disable"),
            "postgresql://host/aq?user=ann&password=***&sslmode=disable");
  EXPECT_EQ(RedactUrl("postgresql://ann:s3cret@[::1]:5432/aq"), "postgresql://ann@[::1]:5432/aq");
}

const Endpoint kEndpoint{"127.0.0.1", "5433", "ann", "airq"};

TEST(PostgresConnectError, WrongPassword) {
  Status st = ConnectError(
      "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  password authentication "
      "failed for "
      "user \"ann\"\n",
      kEndpoint);
  EXPECT_EQ(st.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(st.message().find("password authentication failed for user \"ann\""),
            std::string::npos);
  EXPECT_NE(st.message().find("127.0.0.1:5433"), std::string::npos);
}

TEST(PostgresConnectError, UnknownDatabase) {
  Status st = ConnectError(
      "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  database \"airq\" does not "
      "exist\n",
      kEndpoint);
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.message().find("\"airq\""), std::string::npos);
}

TEST(PostgresConnectError, Unreachable) {
  Status st = ConnectError(
      "connection to server at \"127.0.0.1\", port 5433 failed: Connection refused\n\tIs the "
      "server running on "
      "that host and accepting TCP/IP connections?\n",
      kEndpoint);
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("127.0.0.1:5433"), std::string::npos);
  EXPECT_NE(st.message().find("Connection refused"), std::string::npos);
}

TEST(PostgresConnectError, BadSettings) {
  EXPECT_EQ(ConnectError("invalid sslmode value: \"sometimes\"\n", kEndpoint).code(),
            StatusCode::kInvalidArgument);
}

TEST(PostgresStatementError, BySqlState) {
  EXPECT_EQ(StatementError("42501", "permission denied for schema x", "w").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(StatementError("3F000", "schema does not exist", "w").code(), StatusCode::kNotFound);
  EXPECT_EQ(StatementError("22P02", "invalid input syntax", "w").code(), StatusCode::kDataError);
  EXPECT_EQ(StatementError("57P01", "terminating connection", "w").code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(StatementError("53100", "disk full", "w").code(), StatusCode::kIoError);
  EXPECT_EQ(StatementError("42P10", "no unique constraint", "w").code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatementError("42501", "m", "loading").message(), "loading: m");
}

}  // namespace
}  // namespace aq::postgresql
